package io.comet.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session's heartbeat on the shared scheduler: a ping after {@code interval}, and from the same
 * instant a deadline {@code interval + timeout} away, both planned again by every pong. Planning both
 * at once means a late timer thread cannot stretch the time a client has. Thread-safe.
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

    Heartbeat(ScheduledExecutorService scheduler, long interval, long timeout, Runnable ping, Runnable expire) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.timeout = timeout;
        this.ping = ping;
        this.expire = expire;
    }

    /** Plans the next ping and its deadline, cancelling those planned before. */
    synchronized void restart() {
        if (stopped) {
            return;
        }
        cancel();
        nextPing = scheduler.schedule(ping, interval, TimeUnit.MILLISECONDS);
        deadline = scheduler.schedule(expire, interval + timeout, TimeUnit.MILLISECONDS);
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
