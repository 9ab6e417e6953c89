package io.comet.engine;

/** Parses the offsets clients send (query parameters, packet data): plain decimal, nothing else. */
public final class Offsets {
    private static final int MAX_DIGITS = 15;

    private Offsets() {
    }

    /** The offset, or -1 when {@code text} is not a decimal number of at most 15 digits. */
    public static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
