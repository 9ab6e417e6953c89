package io.comet.engine;

import java.util.function.Supplier;

/**
 * Whether a session's reads are paused because its listener fell behind, and the calls that pause and
 * resume its transports. They are made under this object's lock, so they reach the transports in the
 * order the state changed, whoever changes it: the listener, a transport taking over, the close. Lock
 * order: this, then the session.
 */
final class ReadPause {
    private final Heartbeat heartbeat;
    private final Supplier<SessionTransport> serving;
    private boolean paused; // guarded by this

    /**
     * @param heartbeat held while reads are paused
     * @param serving   the transport serving the session now, {@code null} once it closed
     */
    ReadPause(Heartbeat heartbeat, Supplier<SessionTransport> serving) {
        this.heartbeat = heartbeat;
        this.serving = serving;
    }

    synchronized void pause() {
        SessionTransport t = serving.get();
        if (paused || t == null) {
            return;
        }
        paused = true;
        heartbeat.hold();
        t.pauseReads();
    }

    synchronized void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        heartbeat.release();
        SessionTransport t = serving.get();
        if (t != null) {
            t.resumeReads();
        }
    }

    /**
     * {@code next} took the session over from {@code old}: it starts paused if reads are, and {@code old}
     * lets go of what it held back, for nobody (see {@link SessionTransport#resumeReads()}).
     */
    synchronized void handOver(SessionTransport old, SessionTransport next) {
        if (!paused || serving.get() != next) {
            return;
        }
        next.pauseReads();
        if (old != null) {
            old.resumeReads();
        }
    }

    /** The session closed: its last transport lets go of what it held back. */
    synchronized void release(SessionTransport last) {
        if (!paused) {
            return;
        }
        paused = false;
        if (last != null) {
            last.resumeReads();
        }
    }
}
