package io.comet.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session's heartbeat on the shared scheduler: a ping after {@code interval}, and from the same
 * instant a deadline {@code interval + timeout} away, both planned again by every pong. Planning both
 * at once means a late timer thread cannot stretch the time a client has. While the session's reads are
 * paused the heartbeat is held: the pings go on every {@code interval}, so that the client, which times
 * the server's pings, stays, but there is no deadline, since its pongs are not being read. Thread-safe.
 */
final class Heartbeat {
    private final ScheduledExecutorService scheduler;
    private final long interval;
    private final long timeout;
    private final Runnable ping;
    private final Runnable expire;
    private ScheduledFuture<?> nextPing; // guarded by this
    private ScheduledFuture<?> deadline; // guarded by this
    private boolean stopped;             // guarded by this
    private boolean held;                // guarded by this

    Heartbeat(ScheduledExecutorService scheduler, long interval, long timeout, Runnable ping, Runnable expire) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.timeout = timeout;
        this.ping = ping;
        this.expire = expire;
    }

    /** Plans the next ping and its deadline, cancelling those planned before. */
    synchronized void restart() {
        if (stopped || held) {
            return;
        }
        cancel();
        nextPing = scheduler.schedule(ping, interval, TimeUnit.MILLISECONDS);
        deadline = scheduler.schedule(expire, interval + timeout, TimeUnit.MILLISECONDS);
    }

    /**
     * Pings every {@code interval}, with no deadline, until {@link #release()}: nothing the client sends
     * is read meanwhile.
     */
    synchronized void hold() {
        if (stopped || held) {
            return;
        }
        held = true;
        cancel();
        nextPing = scheduler.scheduleAtFixedRate(ping, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Plans both again after {@link #hold()}, from now: the client gets its whole time again. */
    synchronized void release() {
        if (held) {
            held = false;
            restart();
        }
    }

    /** Cancels both for good. */
    synchronized void stop() {
        stopped = true;
        cancel();
    }

    private void cancel() {
        if (nextPing != null) {
            nextPing.cancel(false);
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
