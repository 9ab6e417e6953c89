package io.comet.channels;

import io.comet.ChannelDecision;
import io.comet.Channels;
import io.comet.test.EventLog;
import io.comet.test.JavaClient;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.comet.test.JavaClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channels as a stock socket.io client uses them, with plain emits (docs/channels.md): {@code
 * comet:subscribe}, {@code comet:publish} and {@code comet:unsubscribe} with acks, messages as
 * {@code comet:message (channel, data, {offset, epoch})}. The server lets anyone subscribe under
 * {@code /chat/}, decides {@code /slow/} later on another thread, denies the rest with the default, and
 * lets clients publish under {@code /chat/} only.
 */
@DisplayName("Channels, from a stock socket.io client")
class ChannelsTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(s -> s.channels()
            .authorizeSubscribe((socket, channel) -> {
                if (channel.startsWith("/slow/")) {
                    return CompletableFuture.supplyAsync(() -> channel.equals("/slow/yes") ? ChannelDecision.ALLOW : ChannelDecision.deny("not that one"),
                            CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
                }
                return ChannelDecision.allowIf(channel.startsWith("/chat/") || channel.startsWith("/news/"));
            })
            .authorizePublish((socket, channel, data) -> ChannelDecision.allowIf(channel.startsWith("/chat/")))
            .history("/news/*", 3, Duration.ofMinutes(1)));

    private static Channels channels() {
        return server.server().channels();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> subscribe(JavaClient client, Object request) {
        return (Map<String, Object>) client.ask("comet:subscribe", request).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> position(EventLog.Event message) {
        return (Map<String, Object>) message.arg(2);
    }

    @Test
    @DisplayName("a subscriber of /chat/* gets a publish to /chat/a with its offset and epoch, not one to /chat/a/b")
    void wildcardOneSegment() {
        try (JavaClient client = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET)) {
            assertEquals(Map.of("ok", true, "channel", "/chat/*"), subscribe(client, "/chat/*"));
            Channels.Published deep = channels().publish("/chat/a/b", "too deep");
            Channels.Published p = channels().publish("/chat/a", Map.of("text", "hi"));

            EventLog.Event m = client.next("comet:message");
            assertEquals("/chat/a", m.arg(0));
            assertEquals(Map.of("text", "hi"), m.arg(1));
            assertEquals(p.offset(), ((Number) position(m).get("offset")).longValue());
            assertEquals(p.epoch(), position(m).get("epoch"));
            assertEquals(1, deep.offset(), "every channel numbers its own messages");
            assertEquals(1, client.events().named("comet:message").size(), "nothing from /chat/a/b");
        }
    }

    @Test
    @DisplayName("/chat/** matches any depth below /chat; a socket whose two subscriptions match gets a message once")
    void wildcardAnyDepth() throws InterruptedException {
        try (JavaClient client = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET)) {
            subscribe(client, "/chat/**");
            subscribe(client, "/chat/x/*");
            channels().publish("/chat/x/y", "deep");
            channels().publish("/chat/z", "marker");

            assertEquals(List.of("/chat/x/y", "/chat/z"), client.events().first(2, "comet:message", Duration.ofSeconds(10)).stream()
                    .map(e -> e.arg(0)).toList());
            assertEquals(2, client.events().named("comet:message").size(), "/chat/x/y once");
        }
    }

    @Test
    @DisplayName("a subscribe the hook does not allow is denied with its reason: by default, and from an asynchronous hook")
    void denied() {
        try (JavaClient client = JavaClient.connect(server, JavaClient.Transports.POLLING)) {
            assertEquals(Map.of("ok", false, "error", "Forbidden"), subscribe(client, "/private/x"));
            assertEquals(Map.of("ok", false, "error", "not that one"), subscribe(client, "/slow/no"));
            Map<String, Object> allowed = subscribe(client, "/slow/yes");
            assertEquals(true, allowed.get("ok"));
            assertEquals(0, ((Number) allowed.get("offset")).intValue(), "a name's subscribe answers the channel's position");
            channels().publish("/private/x", "secret");
            channels().publish("/slow/yes", "allowed");
            assertEquals("allowed", client.next("comet:message").arg(1));
            assertEquals(1, client.events().named("comet:message").size());
        }
    }

    @Test
    @DisplayName("a malformed channel or since is refused with its reason")
    void malformed() {
        try (JavaClient client = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET)) {
            assertEquals(Map.of("ok", false, "error", "a channel name starts with /: chat"), subscribe(client, "chat"));
            assertEquals(false, subscribe(client, "/chat/<b>").get("ok"));
            assertEquals(false, subscribe(client, 42).get("ok"));
            assertEquals(Map.of("ok", false, "error", "since needs a channel name, not a pattern"),
                    subscribe(client, json("{\"channel\":\"/news/*\",\"since\":{\"offset\":1,\"epoch\":\"e\"}}")));
            assertEquals(Map.of("ok", false, "error", "since is {offset, epoch}"),
                    subscribe(client, json("{\"channel\":\"/news/a\",\"since\":5}")));
        }
    }

    @Test
    @DisplayName("a client publishes where the hook allows: every subscriber gets it, and the publisher its offset")
    void clientPublish() {
        try (JavaClient publisher = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET);
             JavaClient subscriber = JavaClient.connect(server, JavaClient.Transports.POLLING)) {
            subscribe(subscriber, "/chat/room-7");
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = (Map<String, Object>) publisher.ask("comet:publish", "/chat/room-7", json("{\"text\":\"from a client\"}")).get(0);
            assertEquals(true, answer.get("ok"));
            assertEquals(1, ((Number) answer.get("offset")).intValue());
            assertEquals(Map.of("text", "from a client"), subscriber.next("comet:message").arg(1));

            assertEquals(Map.of("ok", false, "error", "Forbidden"), publisher.ask("comet:publish", "/news/a", "not allowed").get(0));
            assertEquals(false, ((Map<?, ?>) publisher.ask("comet:publish", "/chat/*", "a pattern").get(0)).get("ok"));
        }
    }

    @Test
    @DisplayName("since: a subscriber gets what it missed, then live messages, with no gap and none twice; an unknown epoch is a gap")
    void since() throws InterruptedException {
        Channels.Published first = channels().publish("/news/since", "n1");
        channels().publish("/news/since", "n2");
        channels().publish("/news/since", "n3");
        try (JavaClient client = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET)) {
            Map<String, Object> answer = subscribe(client, json("{\"channel\":\"/news/since\",\"since\":{\"offset\":" + first.offset()
                    + ",\"epoch\":\"" + first.epoch() + "\"}}"));
            assertEquals(true, answer.get("complete"));
            assertEquals(3, ((Number) answer.get("offset")).intValue());
            channels().publish("/news/since", "n4");
            assertEquals(List.of("n2", "n3", "n4"), client.events().first(3, "comet:message", Duration.ofSeconds(10)).stream()
                    .map(e -> e.arg(1)).toList());
        }
        try (JavaClient stale = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET)) {
            Map<String, Object> answer = subscribe(stale, json("{\"channel\":\"/news/since\",\"since\":{\"offset\":1,\"epoch\":\"another\"}}"));
            assertEquals(false, answer.get("complete"), "told of the gap");
            assertEquals(List.of("n2", "n3", "n4"), stale.events().first(3, "comet:message", Duration.ofSeconds(10)).stream()
                    .map(e -> e.arg(1)).toList(), "and given what is kept (3 messages)");
        }
    }

    @Test
    @DisplayName("after unsubscribing a client gets nothing more from that pattern")
    void unsubscribe() {
        try (JavaClient client = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET)) {
            subscribe(client, "/chat/leaving");
            assertEquals(Map.of("ok", true, "channel", "/chat/leaving"), client.ask("comet:unsubscribe", "/chat/leaving").get(0));
            channels().publish("/chat/leaving", "gone");
            subscribe(client, "/chat/marker");
            channels().publish("/chat/marker", "marker");
            assertEquals("marker", client.next("comet:message").arg(1));
            assertFalse(client.events().named("comet:message").stream().anyMatch(e -> "gone".equals(e.arg(1))));
        }
    }

    @Test
    @DisplayName("the server's own publish checks the name: no pattern, no malformed path")
    void serverPublishChecksTheName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> channels().publish("/chat/*", "x"));
        assertTrue(e.getMessage().contains("wildcard"));
    }
}
