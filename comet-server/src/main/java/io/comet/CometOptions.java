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
                           Executor executor, Duration connectionStateRecovery, int recoveryEvents, long recoveryBytes) {
}
