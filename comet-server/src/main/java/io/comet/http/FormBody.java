package io.comet.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads one field of an {@code application/x-www-form-urlencoded} body. */
final class FormBody {
    private FormBody() {
    }

    /** The decoded value of the first field named {@code name}, or {@code null} when absent or malformed. */
    static String field(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
