package io.comet;

import java.util.concurrent.CompletionStage;

/** Decides whether a socket may publish a message to a channel ({@link Channels#authorizePublish}). */
@FunctionalInterface
public interface PublishAuthorizer {
    /**
     * @param socket  the publishing socket
     * @param channel the channel's name, already checked to be well formed
     * @param data    the message, as plain Java values
     */
    CompletionStage<ChannelDecision> authorize(Socket socket, String channel, Object data);
}
