package io.comet.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The origins an endpoint lets in, as configured with {@code allowedOrigins}, and how a page's origin is
 * compared with them and with the server's own: as {@code scheme://host[:port]}, lower case, without the
 * scheme's default port (the form browsers send in {@code Origin}).
 *
 * <p>{@code "*"} lets in any origin but only for requests without credentials (see {@link Cors}); it
 * never counts where credentials go along. {@code "null"} (sandboxed frames, {@code file:} pages,
 * some redirects) is let in only when listed as such.
 */
final class AllowedOrigins {
    static final String ANY = "*";
    static final String NULL = "null";

    private final Set<String> listed = new HashSet<>();
    private final boolean any;
    private final boolean nullListed;

    /** @throws IllegalArgumentException for an entry that is not an origin, {@code "*"} or {@code "null"} */
    AllowedOrigins(Set<String> configured) {
        boolean wildcard = false;
        boolean nullOrigin = false;
        for (String entry : configured) {
            if (ANY.equals(entry)) {
                wildcard = true;
            } else if (NULL.equals(entry)) {
                nullOrigin = true;
            } else {
                String origin = originOf(entry);
                if (origin == null) {
                    throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + entry);
                }
                listed.add(origin);
            }
        }
        this.any = wildcard;
        this.nullListed = nullOrigin;
    }

    /** Whether {@code "*"} is configured: any origin for requests without credentials. */
    boolean anyOrigin() {
        return any;
    }

    /**
     * Whether a page of this origin (an {@code Origin} header's value) may act with the user's
     * credentials: the server's own origin, as the request addressed it, or a listed one.
     */
    boolean credentialed(String origin, RequestSource source) {
        if (NULL.equals(origin)) {
            return nullListed;
        }
        String normalized = originOf(origin);
        return normalized != null && (normalized.equals(source.origin()) || listed.contains(normalized));
    }

    /**
     * The origin of a URL (a {@code Referer}) or of an origin itself: {@code scheme://host[:port]} with
     * its path, query, fragment and user info dropped; {@code null} when it has no such part.
     */
    static String originOf(String url) {
        if (url == null) {
            return null;
        }
        int sep = url.indexOf("://");
        if (sep <= 0) {
            return null;
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        for (int i = 0; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            boolean letter = c >= 'a' && c <= 'z';
            if (!(letter || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                return null;
            }
        }
        int start = sep + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        String host = Authority.normalize(authority.substring(authority.lastIndexOf('@') + 1), scheme);
        return host == null ? null : scheme + "://" + host;
    }
}
