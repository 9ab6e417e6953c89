package io.comet.http;

import java.util.Locale;

/**
 * The {@code host[:port]} part of a URL, a {@code Host} header or a forwarded host, in the one form in
 * which the edge compares them: lower case, without the scheme's default port. Anything else than a
 * host name, an IPv4 address or a bracketed IPv6 address, with an optional numeric port, is no
 * authority at all ({@code null}): such a value never matches, and nothing is resolved.
 */
final class Authority {
    private static final int MAX_LENGTH = 255 + 6;

    private Authority() {
    }

    /** {@code host[:port]} normalized for {@code scheme}, or {@code null} if it is not one. */
    static String normalize(String hostAndPort, String scheme) {
        if (hostAndPort == null || hostAndPort.isEmpty() || hostAndPort.length() > MAX_LENGTH) {
            return null;
        }
        String value = hostAndPort.toLowerCase(Locale.ROOT);
        int hostEnd;
        if (value.charAt(0) == '[') {
            hostEnd = value.indexOf(']') + 1;
            if (hostEnd <= 2 || !allOf(value, 1, hostEnd - 1, "0123456789abcdef:.")) {
                return null;
            }
        } else {
            hostEnd = value.indexOf(':');
            hostEnd = hostEnd < 0 ? value.length() : hostEnd;
            if (hostEnd == 0 || !allOf(value, 0, hostEnd, "abcdefghijklmnopqrstuvwxyz0123456789.-_")) {
                return null;
            }
        }
        if (hostEnd == value.length()) {
            return value;
        }
        if (value.charAt(hostEnd) != ':') {
            return null;
        }
        String port = value.substring(hostEnd + 1);
        if (port.isEmpty() || port.equals(defaultPort(scheme))) {
            return value.substring(0, hostEnd);
        }
        return port.length() <= 5 && allOf(port, 0, port.length(), "0123456789") ? value : null;
    }

    /** The port a scheme implies when a URL names none; {@code null} for schemes without one. */
    static String defaultPort(String scheme) {
        if (scheme == null) {
            return null;
        }
        return switch (scheme) {
            case "http", "ws" -> "80";
            case "https", "wss" -> "443";
            default -> null;
        };
    }

    private static boolean allOf(String s, int from, int to, String allowed) {
        for (int i = from; i < to; i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
