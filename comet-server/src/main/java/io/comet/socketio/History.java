package io.comet.socketio;

import io.comet.routing.Envelope;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The events one socket was sent, in the order it was sent them, kept so that a client which comes back
 * after a cut gets exactly those it missed. The envelopes are the broadcasts' own, shared with every
 * other recipient: a socket's history costs a reference per event.
 *
 * <p>Bounded by age, count and bytes; the oldest go first. The offset of the newest event dropped is
 * remembered, so a client that had everything up to it (a quiet socket whose last event aged out)
 * still recovers, and one that missed a dropped event is told it cannot.
 *
 * <p>Not thread-safe: its {@link SocketState} guards it.
 */
final class History {
    private final RecoveryOptions options;
    private final ArrayDeque<Envelope> events = new ArrayDeque<>();
    private long bytes;
    private boolean dropped;       // an event left the history: a client naming no offset cannot recover
    private String lastDropped;    // the offset of the newest event that left it
    private int appendedSinceMark = -1; // events appended since mark(), or -1 when not marked

    History(RecoveryOptions options) {
        this.options = options;
    }

    /** Records an event sent to the socket (or that it would have been sent while disconnected). */
    void append(Envelope event, long now) {
        events.addLast(event);
        bytes += event.size();
        if (appendedSinceMark >= 0) {
            appendedSinceMark++;
        }
        trim(now);
    }

    /** Drops what is too old, or beyond the count and byte bounds. */
    void trim(long now) {
        long oldest = now - options.windowMillis();
        while (!events.isEmpty() && (events.size() > options.maxEvents() || bytes > options.maxBytes()
                || events.peekFirst().sentAt() < oldest)) {
            drop();
        }
    }

    private void drop() {
        Envelope e = events.pollFirst();
        bytes -= e.size();
        dropped = true;
        lastDropped = e.offset();
    }

    /**
     * Puts {@code missed} ahead of the events held, and {@code offset} as the last dropped one: a client
     * that received the event at {@code offset} gets them all, then the rest.
     */
    void restore(List<Envelope> missed, String offset, long now) {
        for (int i = missed.size() - 1; i >= 0; i--) {
            events.addFirst(missed.get(i));
            bytes += missed.get(i).size();
        }
        dropped = true;
        lastDropped = offset;
        trim(now);
    }

    /** Starts counting the events appended from now on (the socket disconnected); {@code false} stops. */
    void mark(boolean on) {
        appendedSinceMark = on ? 0 : -1;
    }

    /**
     * Whether an event appended since {@link #mark} was dropped (the newest ones are the marked ones, and
     * the oldest go first): the client cannot have received it, so no offset it may name can recover.
     */
    boolean lostSinceMark() {
        return appendedSinceMark > events.size();
    }

    /**
     * The events after {@code offset}, oldest first, forgetting those up to it; {@code null} when the
     * history cannot tell (the offset is unknown, or events the client may have missed were dropped).
     *
     * @param offset the offset of the last event the client received, or {@code null} if it received none
     */
    List<Envelope> after(String offset) {
        if (!covers(offset)) {
            return null;
        }
        if (offset != null && !offset.equals(lastDropped)) {
            while (!events.peekFirst().offset().equals(offset)) {
                drop();
            }
            drop();
        }
        return new ArrayList<>(events);
    }

    /** Whether {@link #after} can answer for that offset. */
    boolean covers(String offset) {
        return offset == null ? !dropped : offset.equals(lastDropped) || contains(offset);
    }

    private boolean contains(String offset) {
        for (Iterator<Envelope> it = events.descendingIterator(); it.hasNext(); ) {
            if (offset.equals(it.next().offset())) {
                return true;
            }
        }
        return false;
    }
}
