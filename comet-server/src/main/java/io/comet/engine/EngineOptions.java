package io.comet.engine;

import java.util.Set;

/**
 * The Engine.IO settings of one endpoint.
 *
 * @param pingInterval     milliseconds between the server's pings
 * @param pingTimeout      milliseconds the client has to answer a ping before the session closes
 * @param maxPayload       the largest HTTP body or WebSocket message accepted, in bytes
 * @param upgradeTimeout   milliseconds a WebSocket upgrade may take before it is abandoned
 * @param maxQueuedPackets the most packets a session may hold for its client before it overflows
 * @param maxQueuedBytes   the most bytes a session may hold for its client before it overflows
 * @param transports       the enabled transport names
 * @param maxSessions      the most sessions open at once
 * @param maxSessionsPerAddress the most sessions open at once from one client address
 */
public record EngineOptions(long pingInterval, long pingTimeout, int maxPayload, long upgradeTimeout,
                            int maxQueuedPackets, long maxQueuedBytes, Set<String> transports,
                            int maxSessions, int maxSessionsPerAddress) {

    /** Settings without caps on the number of sessions. */
    public EngineOptions(long pingInterval, long pingTimeout, int maxPayload, long upgradeTimeout,
                         int maxQueuedPackets, long maxQueuedBytes, Set<String> transports) {
        this(pingInterval, pingTimeout, maxPayload, upgradeTimeout, maxQueuedPackets, maxQueuedBytes, transports,
                Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    public static final String POLLING = "polling";
    public static final String WEBSOCKET = "websocket";

    public boolean enabled(String transport) {
        return transports.contains(transport);
    }
}
