package io.comet.socketio;

/**
 * Client-supplied text made safe for a log line: cut to a short length and with control characters,
 * quotes and backslashes escaped, so a client can neither forge log lines nor flood them.
 */
final class LogText {
    private static final int MAX = 64;

    private LogText() {
    }

    /** The text quoted, escaped and cut to 64 characters ({@code "…"} marks a cut). */
    static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 8).append('"');
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x2028 && c <= 0x2029)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (text.length() > MAX) {
            sb.append('…');
        }
        return sb.append('"').toString();
    }
}
