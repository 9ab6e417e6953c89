package io.comet;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The settings of a {@link CometServer}, as built by {@link CometServer.Builder}; see the builder's
 * methods for each one's meaning and default.
 */
public record CometOptions(String host, int port, String path, long pingInterval, long pingTimeout, int maxPayload,
                           long connectTimeout, long upgradeTimeout, Set<String> allowedOrigins, Set<String> transports,
                           int maxQueuedPackets, long maxQueuedBytes, int ioThreads, ObjectMapper objectMapper,
                           Executor executor, Duration connectionStateRecovery, int recoveryEvents, long recoveryBytes,
                           Access access, Limits limits, Adapter.Factory adapter, SessionRouting sessionRouting,
                           String advertisedUrl) {

    /**
     * Who may reach the endpoint, beyond the allowed origins.
     *
     * @param trustProxy                  whether {@code Forwarded} and {@code X-Forwarded-*} headers are believed
     * @param allowedHosts                the {@code Host} names the endpoint answers to; empty for any
     * @param legacyRequestsWithoutOrigin whether jsonp-polling and htmlfile requests that tell nothing of
     *                                    the page they come from are admitted
     */
    public record Access(boolean trustProxy, Set<String> allowedHosts, boolean legacyRequestsWithoutOrigin) {
    }

    /**
     * The bounds that keep one client from taking more than its share.
     *
     * @param maxSessions                the most Engine.IO sessions at once
     * @param maxSessionsPerAddress      the most Engine.IO sessions at once from one client address
     * @param maxHeaderBytes             the largest request line and headers, in bytes
     * @param requestParseTimeout        how long the standalone listener waits for a request's headers
     * @param requestBodyTimeout         how long a request body may take to arrive
     * @param maxNamespacesPerConnection the most namespaces one connection may join
     * @param maxRoomsPerSocket          the most rooms one socket may be in, its own room included
     * @param maxAttachments             the most binary attachments one packet may carry
     * @param maxDispatchBacklog         the most packets of one connection waiting for its handlers
     *                                   before its reads pause
     */
    public record Limits(int maxSessions, int maxSessionsPerAddress, int maxHeaderBytes, Duration requestParseTimeout,
                         Duration requestBodyTimeout, int maxNamespacesPerConnection, int maxRoomsPerSocket,
                         int maxAttachments, int maxDispatchBacklog) {
    }
}
