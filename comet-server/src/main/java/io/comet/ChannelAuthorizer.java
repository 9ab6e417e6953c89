package io.comet;

import java.util.concurrent.CompletionStage;

/** Decides whether a socket may subscribe to a channel name or pattern ({@link Channels#authorizeSubscribe}). */
@FunctionalInterface
public interface ChannelAuthorizer {
    /**
     * @param socket  the subscribing socket ({@code data()} holds what the connection middleware put there)
     * @param channel the name or pattern, as the client sent it, already checked to be well formed
     */
    CompletionStage<ChannelDecision> authorize(Socket socket, String channel);
}
