package io.comet.http;

import io.comet.engine.Offsets;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the reverse proxy in front of the server says of a request, when the server trusts it: the
 * RFC 7239 {@code Forwarded} header, or else {@code X-Forwarded-Proto}, {@code -Host} and {@code -For}.
 *
 * <p>Only the last element of each is believed: the one the proxy next to this server appended. What
 * comes before it was written by the client, or by proxies further out, and anyone can write it; a
 * chain of proxies must therefore have its last one pass on what the first one saw. A header that does
 * not parse is ignored as if absent, and so is a value that is not an address, a scheme or a host: the
 * connection's own value stands, and the request goes on (a proxy's mistake is not the client's).
 * Addresses are IP literals; nothing is looked up in DNS.
 */
final class ForwardedHeaders {
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789"
            + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** What one proxy hop forwarded; each part {@code null} when absent or unusable. */
    private record Hop(String scheme, String host, InetSocketAddress client) {
    }

    private ForwardedHeaders() {
    }

    /** The request's scheme, host and client: the connection's, or with {@code trustProxy} the proxy's. */
    static RequestSource resolve(HttpServerExchange exchange, boolean trustProxy) {
        HeaderMap headers = exchange.getRequestHeaders();
        String own = scheme(exchange.getRequestScheme());
        String scheme = own == null ? "http" : own;
        String host = headers.getFirst(Headers.HOST);
        InetSocketAddress client = exchange.getSourceAddress();
        if (trustProxy) {
            Hop hop = forwarded(headers.get(Headers.FORWARDED));
            if (hop == null) {
                hop = new Hop(scheme(last(headers.get(Headers.X_FORWARDED_PROTO))), last(headers.get(Headers.X_FORWARDED_HOST)),
                        node(last(headers.get(Headers.X_FORWARDED_FOR))));
            }
            scheme = hop.scheme() != null ? hop.scheme() : scheme;
            host = hop.host() != null && Authority.normalize(hop.host(), scheme) != null ? hop.host() : host;
            client = hop.client() != null ? hop.client() : client;
        }
        return new RequestSource(scheme, Authority.normalize(host, scheme), client);
    }

    /** The last element of {@code Forwarded}, or {@code null} when there is none or the header does not parse. */
    private static Hop forwarded(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<String> elements = splitOutsideQuotes(String.join(",", values), ',');
        String element = null;
        for (int i = elements == null ? -1 : elements.size() - 1; i >= 0 && element == null; i--) {
            element = elements.get(i).isBlank() ? null : elements.get(i);
        }
        Map<String, String> pairs = element == null ? null : pairs(element);
        if (pairs == null) {
            return null;
        }
        return new Hop(scheme(pairs.get("proto")), pairs.get("host"), node(pairs.get("for")));
    }

    /** The {@code name=value} pairs of one element, names lower-cased; {@code null} if one does not parse. */
    private static Map<String, String> pairs(String element) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : splitOutsideQuotes(element, ';')) {
            String p = pair.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = eq <= 0 ? "" : p.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = eq <= 0 ? null : value(p.substring(eq + 1));
            if (!isToken(name) || value == null || pairs.put(name, value) != null) {
                return null;
            }
        }
        return pairs;
    }

    /** A token, or a quoted string without its quotes and escapes; {@code null} if it is neither. */
    private static String value(String raw) {
        if (!raw.startsWith("\"")) {
            return isToken(raw) ? raw : null;
        }
        if (raw.length() < 2 || !raw.endsWith("\"")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i++;
                c = raw.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The parts of {@code s} between the separators that are outside double quotes, or {@code null}
     * when a quote is not closed.
     */
    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == separator) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (quoted) {
            return null;
        }
        parts.add(s.substring(Math.min(start, s.length())));
        return parts;
    }

    /** The last non-blank entry of a comma-separated header, trimmed, or {@code null}. */
    private static String last(HeaderValues values) {
        if (values == null) {
            return null;
        }
        String[] entries = String.join(",", values).split(",");
        for (int i = entries.length - 1; i >= 0; i--) {
            if (!entries[i].isBlank()) {
                return entries[i].strip();
            }
        }
        return null;
    }

    /** {@code http} or {@code https} (WebSocket's {@code ws}/{@code wss} counted as such), else {@code null}. */
    private static String scheme(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> "http";
            case "https", "wss" -> "https";
            default -> null;
        };
    }

    /**
     * A forwarded node, {@code 192.0.2.43}, {@code 192.0.2.43:47011}, {@code [2001:db8::17]:4711} or a bare
     * IPv6 address as X-Forwarded-For has it; {@code null} for {@code unknown}, obfuscated names and
     * anything else that is not an IP literal. A port that is absent or obfuscated is 0.
     */
    private static InetSocketAddress node(String value) {
        if (value == null) {
            return null;
        }
        String address;
        String port = "";
        int colon = value.indexOf(':');
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 < value.length() && value.charAt(close + 1) != ':') {
                return null;
            }
            address = value.substring(1, close);
            port = close + 1 < value.length() ? value.substring(close + 2) : "";
        } else if (colon >= 0 && colon == value.lastIndexOf(':')) {
            address = value.substring(0, colon);
            port = value.substring(colon + 1);
        } else {
            address = value;
        }
        InetAddress ip = ipLiteral(address);
        return ip == null ? null : new InetSocketAddress(ip, portNumber(port));
    }

    private static InetAddress ipLiteral(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        try {
            if (s.indexOf(':') >= 0) {
                // Text with a colon that starts with a hex digit or a colon is parsed by InetAddress itself
                // as an IPv6 literal, or refused; it is never looked up. Zones (%) are refused here.
                boolean literal = Character.digit(s.charAt(0), 16) >= 0 || s.charAt(0) == ':';
                for (int i = 0; i < s.length() && literal; i++) {
                    char c = s.charAt(i);
                    literal = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
                }
                return literal ? InetAddress.getByName(s) : null;
            }
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = number(parts[i], 3);
                if (octet < 0 || octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int portNumber(String s) {
        int port = number(s, 5);
        return port < 0 || port > 65_535 ? 0 : port;
    }

    /** The value of 1 to {@code maxDigits} ASCII digits, or -1. */
    private static int number(String s, int maxDigits) {
        return s.length() > maxDigits ? -1 : (int) Offsets.parse(s);
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (TOKEN_CHARS.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
