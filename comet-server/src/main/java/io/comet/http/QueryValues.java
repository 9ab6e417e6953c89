package io.comet.http;

import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The query parameters a session shows in its handshake, decoded. The standalone listener leaves URLs
 * undecoded ({@code DECODE_URL} off), so that a request with a malformed escape such as {@code %zz}
 * reaches Comet and gets its JSON answer instead of Undertow's bare 400; Comet then decodes leniently
 * here, keeping a malformed escape as it came. The endpoint's own parameters ({@code EIO},
 * {@code transport}, {@code sid}, ...) never need decoding.
 */
final class QueryValues {
    private QueryValues() {
    }

    /** The first value of each query parameter, decoded. */
    static Map<String, String> of(HttpServerExchange exchange) {
        boolean decoded = exchange.getConnection().getUndertowOptions().get(UndertowOptions.DECODE_URL, true);
        Map<String, String> query = new HashMap<>();
        exchange.getQueryParameters().forEach((k, v) -> {
            String value = v.isEmpty() ? "" : v.peekFirst();
            query.put(decoded ? k : decode(k), decoded ? value : decode(value));
        });
        return query;
    }

    /** Percent-decodes UTF-8 text, {@code +} as a space; a malformed escape stays as it is. */
    static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
