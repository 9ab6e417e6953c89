package io.comet.demo;

import io.comet.CometServer;

import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The demo's command line: {@code --port N}, {@code --allowed-origins a,b},
 * {@code --max-sessions-per-address N} and {@code --redis URI}, each also read from the environment
 * ({@code PORT}, {@code ALLOWED_ORIGINS}, {@code MAX_SESSIONS_PER_ADDRESS}, {@code REDIS_URL}); the
 * command line wins.
 *
 * @param port                  the port to listen on
 * @param allowedOrigins        the origins allowed to connect cross-origin
 * @param maxSessionsPerAddress the cap on one address's sessions, or 0 for the library's default
 * @param redis                 the Redis server of the cluster this node joins, or {@code null} for none
 */
public record DemoSettings(int port, String[] allowedOrigins, int maxSessionsPerAddress, String redis) {

    /** Reads the settings; an unknown option or a bad number is an {@link IllegalArgumentException}. */
    public static DemoSettings parse(String[] args, Map<String, String> env) {
        String port = env.getOrDefault("PORT", "8080");
        String origins = env.getOrDefault("ALLOWED_ORIGINS", "");
        String maxSessions = env.getOrDefault("MAX_SESSIONS_PER_ADDRESS", "0");
        String redis = env.get("REDIS_URL");
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            switch (args[i]) {
                case "--port" -> port = args[++i];
                case "--allowed-origins" -> origins = args[++i];
                case "--max-sessions-per-address" -> maxSessions = args[++i];
                case "--redis" -> redis = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --port, --allowed-origins, --max-sessions-per-address, --redis)");
            }
        }
        String[] list = Arrays.stream(origins.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (redis != null && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            throw new IllegalArgumentException("not a Redis URI (redis://host:port): " + redis);
        }
        return new DemoSettings(number("port", port), list, number("max sessions per address", maxSessions),
                redis == null || redis.isBlank() ? null : redis);
    }

    private static int number(String what, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a valid " + what + ": " + value);
        }
    }

    /** These settings applied to a Comet builder (the port is the demo listener's, not the builder's). */
    public UnaryOperator<CometServer.Builder> comet() {
        return b -> {
            b.allowedOrigins(allowedOrigins);
            return maxSessionsPerAddress > 0 ? b.maxSessionsPerAddress(maxSessionsPerAddress) : b;
        };
    }
}
