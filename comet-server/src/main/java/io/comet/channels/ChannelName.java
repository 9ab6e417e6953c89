package io.comet.channels;

import java.util.List;

/**
 * A channel's name: a slash path of one or more segments, {@code /chat/general}. A segment is 1 to 64
 * of {@code A-Z a-z 0-9 - _ . ~ @ : + =}; a name has at most 16 segments and 256 characters. Names are
 * what a client may send, so everything else is refused, with a reason for the client. Pure.
 */
public record ChannelName(String text, List<String> segments) {
    static final int MAX_LENGTH = 256;
    static final int MAX_SEGMENTS = 16;
    static final int MAX_SEGMENT_LENGTH = 64;

    /** The name, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static ChannelName parse(String text) {
        List<String> segments = segments(text);
        for (String segment : segments) {
            if (segment.equals("*") || segment.equals("**")) {
                throw new IllegalArgumentException("a channel name has no wildcard: " + shown(text));
            }
        }
        return new ChannelName(text, segments);
    }

    /** The segments of a slash path; wildcards are the caller's business. */
    static List<String> segments(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a channel name is a path such as /chat/general");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a channel name has at most " + MAX_LENGTH + " characters");
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("a channel name starts with /: " + shown(text));
        }
        String[] parts = text.substring(1).split("/", -1);
        if (parts.length > MAX_SEGMENTS) {
            throw new IllegalArgumentException("a channel name has at most " + MAX_SEGMENTS + " segments");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("a channel name has no empty segment: " + shown(text));
            }
            if (!part.equals("*") && !part.equals("**") && !valid(part)) {
                throw new IllegalArgumentException("a channel segment is 1 to " + MAX_SEGMENT_LENGTH
                        + " of A-Z a-z 0-9 - _ . ~ @ : + =: " + shown(text));
            }
        }
        return List.of(parts);
    }

    private static boolean valid(String segment) {
        if (segment.length() > MAX_SEGMENT_LENGTH) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.~@:+=".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The client's text as a reason may quote it: cut, and only printable ASCII. */
    static String shown(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < 64; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 64 ? sb + "..." : sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
