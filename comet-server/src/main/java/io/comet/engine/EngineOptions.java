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
 */
public record EngineOptions(long pingInterval, long pingTimeout, int maxPayload, long upgradeTimeout,
                            int maxQueuedPackets, long maxQueuedBytes, Set<String> transports) {

    public static final String POLLING = "polling";
    public static final String WEBSOCKET = "websocket";

    public boolean enabled(String transport) {
        return transports.contains(transport);
    }
}
