package io.comet.protocol;

/** The size of text in UTF-8, without encoding it: size limits are in bytes, decoded text is in chars. */
public final class Utf8 {
    private Utf8() {
    }

    /** How many bytes {@code text} takes in UTF-8; an unpaired surrogate counts as the three of its replacement. */
    public static long length(CharSequence text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
