package io.comet.channels;

import java.util.List;

/**
 * A subscription's pattern, with Bayeux's wildcards as its last segment: {@code /chat/*} matches the
 * channels one segment below {@code /chat} ({@code /chat/a}, not {@code /chat/a/b}), {@code /chat/**}
 * those at any depth below it; a pattern without a wildcard matches its own name only. Pure.
 */
public record ChannelPattern(String text, List<String> prefix, Kind kind) {
    /** What the last segment is. */
    public enum Kind {
        /** No wildcard: the name itself. */
        EXACT,
        /** {@code *}: exactly one segment more. */
        ONE,
        /** {@code **}: one segment more, or more. */
        ANY
    }

    /** The pattern, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static ChannelPattern parse(String text) {
        List<String> segments = ChannelName.segments(text);
        for (int i = 0; i < segments.size() - 1; i++) {
            if (segments.get(i).equals("*") || segments.get(i).equals("**")) {
                throw new IllegalArgumentException("a wildcard is a pattern's last segment only: " + ChannelName.shown(text));
            }
        }
        String last = segments.get(segments.size() - 1);
        Kind kind = last.equals("*") ? Kind.ONE : last.equals("**") ? Kind.ANY : Kind.EXACT;
        List<String> prefix = kind == Kind.EXACT ? segments : segments.subList(0, segments.size() - 1);
        return new ChannelPattern(text, List.copyOf(prefix), kind);
    }

    /** Whether a publish to {@code name} reaches this pattern's subscribers. */
    public boolean matches(ChannelName name) {
        List<String> segments = name.segments();
        int n = prefix.size();
        boolean depth = switch (kind) {
            case EXACT -> segments.size() == n;
            case ONE -> segments.size() == n + 1;
            case ANY -> segments.size() > n;
        };
        return depth && segments.subList(0, n).equals(prefix);
    }

    /** Whether this is a plain name (no wildcard). */
    public boolean exact() {
        return kind == Kind.EXACT;
    }

    @Override
    public String toString() {
        return text;
    }
}
