package io.comet.socketio;

import io.comet.protocol.EnginePacket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exactly-once for a socket's emits (docs/delivery.md, "Upstream sequence"): the client numbers them,
 * the server runs each number once and keeps the recent answers, so that an emit sent again after a cut
 * gets its receipt or its answer again instead of running twice. Kept in the {@link SocketState}, so
 * it survives a recovery. Thread-safe.
 */
final class UpstreamSequence {
    /** How many recent answers are kept for emits that may be sent again. */
    static final int ANSWERS_KEPT = 1024;

    /** What to do with an incoming emit. */
    sealed interface Verdict permits Run, Repeat {
    }

    /** A new emit: run its handler. */
    record Run() implements Verdict {
    }

    /**
     * An emit already run: send {@code answer} again, if any ({@code null} when the handler has not
     * answered yet: its answer goes out when it does, or when nothing is kept of it).
     */
    record Repeat(List<EnginePacket> answer) implements Verdict {
    }

    private static final Run RUN = new Run();
    private static final List<EnginePacket> PENDING = List.of();

    private long highest;

    /** A sequence of a new socket: no emit run yet. */
    UpstreamSequence() {
        this(0);
    }

    /** A sequence that has run every emit up to {@code highest} (a socket recovered from the cluster). */
    UpstreamSequence(long highest) {
        this.highest = highest;
    }

    /** The highest number run so far. */
    synchronized long highest() {
        return highest;
    }
    private final Map<Long, List<EnginePacket>> answers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<EnginePacket>> eldest) {
            return size() > ANSWERS_KEPT;
        }
    };

    /** Decides about the emit numbered {@code seq}; a new one is remembered as run. */
    synchronized Verdict accept(long seq, boolean wantsAnswer) {
        if (seq > highest) {
            highest = seq;
            if (wantsAnswer) {
                answers.put(seq, PENDING);
            }
            return RUN;
        }
        List<EnginePacket> answer = answers.get(seq);
        return new Repeat(answer == null || answer == PENDING ? null : answer);
    }

    /** Keeps the answer to emit {@code seq}, for a repeat of it. */
    synchronized void answered(long seq, List<EnginePacket> answer) {
        answers.put(seq, answer);
    }
}
