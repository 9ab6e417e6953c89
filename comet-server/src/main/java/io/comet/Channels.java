package io.comet;

import java.time.Duration;

/**
 * Named channels on the main namespace, in the manner of Faye and Bayeux: clients subscribe to slash
 * paths ({@code /chat/general}, or with a wildcard as the last segment: {@code /chat/*} one segment
 * below, {@code /chat/**} any depth below) and publish to names; the server authorizes each subscribe
 * and each client publish, and denies both until the application says otherwise. Every message gets
 * its channel's next offset, and a channel with a history (by pattern, bounded by size and age) catches
 * up a subscriber that names its last position. See docs/channels.md, which also gives the wire form a
 * stock socket.io client uses.
 *
 * <pre>{@code
 * server.channels()
 *       .authorizeSubscribe((socket, channel) -> ChannelDecision.allowIf(channel.startsWith("/chat/")))
 *       .history("/chat/*", 100, Duration.ofMinutes(10));
 * server.channels().publish("/chat/general", Map.of("text", "hello"));
 * }</pre>
 */
public interface Channels {

    /** Decides each client subscribe (a name or a pattern); without one, every subscribe is denied. */
    Channels authorizeSubscribe(ChannelAuthorizer authorizer);

    /** Decides each client publish; without one, every client publish is denied. */
    Channels authorizePublish(PublishAuthorizer authorizer);

    /**
     * Keeps the last {@code size} messages, for at most {@code ttl}, of the channels that {@code pattern}
     * matches; the first rule that matches a channel applies. Without one a channel keeps none (its
     * messages are numbered all the same).
     */
    Channels history(String pattern, int size, Duration ttl);

    /**
     * Publishes from the server (no authorization) to every subscriber of a matching name or pattern,
     * encoded once; kept in the channel's history.
     *
     * @throws IllegalArgumentException when {@code channel} is not a channel name
     */
    Published publish(String channel, Object data);

    /**
     * A published message's place in its channel.
     *
     * @param channel the channel's name
     * @param offset  the message's offset in the channel, from 1
     * @param epoch   the channel's epoch: it changes when the channel's numbering and history are lost
     */
    record Published(String channel, long offset, String epoch) {
    }
}
