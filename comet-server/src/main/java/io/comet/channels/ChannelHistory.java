package io.comet.channels;

import io.comet.engine.Ids;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel's numbering and its recent messages, for subscribers that come back with {@code since}.
 * Every message gets the channel's next offset (1, 2, ...). The channel has an epoch, a random id taken
 * when its numbering starts: a subscriber whose position names another epoch (the server restarted, or
 * an idle channel was forgotten) cannot be caught up. Kept messages are bounded by count and age, the
 * oldest going first; a catch-up that the history no longer covers is marked as a gap, never passed off
 * as complete. Thread-safe.
 */
public final class ChannelHistory {
    /** A published message with its offset. */
    public record Message(long offset, Object data, long publishedAt) {
    }

    /**
     * What a subscriber that had everything up to a position gets: the kept messages after it, oldest
     * first, and whether they are all it missed ({@code complete}); {@code offset} and {@code epoch} are
     * the channel's now.
     */
    public record CatchUp(List<Message> messages, boolean complete, long offset, String epoch) {
    }

    private final int maxSize;
    private final long ttlMillis;
    private final String epoch = Ids.random();
    private final ArrayDeque<Message> kept = new ArrayDeque<>();
    private long last; // the offset of the newest message, 0 before the first

    /**
     * @param maxSize   the most messages kept (0 keeps none: only the numbering)
     * @param ttlMillis how long a message is kept
     */
    public ChannelHistory(int maxSize, long ttlMillis) {
        if (maxSize < 0 || ttlMillis < 0) {
            throw new IllegalArgumentException("a history's size and age are not negative");
        }
        this.maxSize = maxSize;
        this.ttlMillis = ttlMillis;
    }

    public String epoch() {
        return epoch;
    }

    /** Numbers a message, and keeps it within the bounds. */
    public synchronized Message append(Object data, long now) {
        Message m = new Message(++last, data, now);
        if (maxSize > 0) {
            kept.addLast(m);
        }
        trim(now);
        return m;
    }

    /**
     * The messages after {@code offset} of {@code epoch}. Complete when the epoch is this one and every
     * message after the offset is still kept; otherwise a gap, with whatever is kept.
     */
    public synchronized CatchUp since(long offset, String epoch, long now) {
        trim(now);
        List<Message> after = new ArrayList<>();
        for (Message m : kept) {
            if (m.offset() > offset) {
                after.add(m);
            }
        }
        boolean sameEpoch = this.epoch.equals(epoch);
        long oldestKept = kept.isEmpty() ? last + 1 : kept.peekFirst().offset();
        boolean complete = sameEpoch && offset >= 0 && offset <= last && offset >= oldestKept - 1;
        return new CatchUp(sameEpoch ? after : List.copyOf(kept), complete, last, this.epoch);
    }

    /** The newest messages kept, at most {@code count}, oldest first. */
    public synchronized List<Message> latest(int count, long now) {
        trim(now);
        List<Message> all = new ArrayList<>(kept);
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    /** The offset of the newest message; 0 before the first. */
    public synchronized long lastOffset() {
        return last;
    }

    /** How many messages are kept now. */
    public synchronized int size(long now) {
        trim(now);
        return kept.size();
    }

    private void trim(long now) {
        long oldest = now - ttlMillis;
        while (!kept.isEmpty() && (kept.size() > maxSize || kept.peekFirst().publishedAt() < oldest)) {
            kept.pollFirst();
        }
    }
}
