package io.comet.socketio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the application handlers of one
 * connection never run concurrently or out of order, and no thread is owned per connection.
 *
 * <p>Its backlog, the tasks waiting behind the running one, is watched: when it reaches
 * {@code maxBacklog} the {@link Backlog} hears that it is full, and once it has drained to half of that,
 * that it has room again, so that the connection stops reading while its handlers catch up instead of
 * queueing without end.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    /**
     * Hears when the backlog fills up and when it has room again. Called under the executor's lock, so
     * the calls come in the order of the changes: they must not block, nor submit tasks.
     */
    interface Backlog {
        void full();

        void drained();
    }

    private final Executor pool;
    private final int maxBacklog;
    private final Backlog backlog;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private boolean full;
    private int mostWaiting;

    SerialExecutor(Executor pool, int maxBacklog, Backlog backlog) {
        this.pool = pool;
        this.maxBacklog = maxBacklog;
        this.backlog = backlog;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.addLast(task);
            mostWaiting = Math.max(mostWaiting, tasks.size());
            if (!full && tasks.size() >= maxBacklog) {
                full = true;
                backlog.full();
            }
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    /** The most tasks that were ever waiting at once: what the backlog bound is measured by. */
    synchronized int mostWaiting() {
        return mostWaiting;
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.pollFirst();
                if (task == null) {
                    running = false;
                    return;
                }
                if (full && tasks.size() <= maxBacklog / 2) {
                    full = false;
                    backlog.drained();
                }
            }
            try {
                task.run();
            } catch (Throwable e) {
                // Anything, an Error too: one failed handler must not stop the connection's later events.
                log.error("application handler failed", e);
            }
        }
    }
}
