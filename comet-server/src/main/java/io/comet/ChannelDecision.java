package io.comet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What an authorization hook of {@link Channels} decides: allowed, or denied with a reason the client
 * gets ({@code "Forbidden"} by default). Hooks return a {@link CompletionStage}, so that they may ask
 * elsewhere; the helpers give one that is already complete.
 *
 * @param allowed whether the subscribe or the publish may go on
 * @param reason  why not, for the client; {@code null} when allowed
 */
public record ChannelDecision(boolean allowed, String reason) {
    public static final ChannelDecision ALLOW = new ChannelDecision(true, null);
    public static final ChannelDecision DENY = new ChannelDecision(false, "Forbidden");

    /** Denied, with this reason for the client. */
    public static ChannelDecision deny(String reason) {
        return new ChannelDecision(false, reason == null ? "Forbidden" : reason);
    }

    /** Allowed when {@code condition}, else denied ({@code "Forbidden"}), already complete. */
    public static CompletionStage<ChannelDecision> allowIf(boolean condition) {
        return CompletableFuture.completedFuture(condition ? ALLOW : DENY);
    }
}
