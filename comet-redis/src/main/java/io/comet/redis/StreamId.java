package io.comet.redis;

/**
 * A Redis stream entry id, {@code <milliseconds>-<sequence>}, ordered as Redis orders them: the offsets
 * of the cluster's log. Pure.
 */
record StreamId(long millis, long sequence) implements Comparable<StreamId> {
    static final StreamId ZERO = new StreamId(0, 0);

    /** The id, or {@code null} when the text is not one (a client's made-up offset, or a local one). */
    static StreamId parse(String text) {
        if (text == null) {
            return null;
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1 || text.length() > 41) {
            return null;
        }
        try {
            long millis = Long.parseLong(text, 0, dash, 10);
            long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
            return millis < 0 || sequence < 0 ? null : new StreamId(millis, sequence);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(StreamId other) {
        int c = Long.compare(millis, other.millis);
        return c != 0 ? c : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
