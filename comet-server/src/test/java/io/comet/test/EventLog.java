package io.comet.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Everything a test client received, in arrival order, with blocking look-ups that wait (never sleep) up
 * to a timeout. Each event name has its own read cursor, so {@link #next} returns each event once.
 */
public final class EventLog {
    /** One received event: its name and arguments; {@code ack} is the client's acknowledgement callback, or null. */
    public record Event(String name, List<Object> args, Object ack) {
        public Object arg(int i) {
            return args.get(i);
        }

        /**
         * The arguments an application meant, without the recovery offset that a server with connection
         * state recovery appends to every event without an ack (socket.io's wire form); fails when the
         * last argument is not such an offset.
         */
        public List<Object> argsBeforeOffset() {
            if (args.isEmpty() || !(args.get(args.size() - 1) instanceof String)) {
                throw new AssertionError("no recovery offset at the end of " + args);
            }
            return args.subList(0, args.size() - 1);
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> cursors = new HashMap<>();

    public synchronized void add(Event event) {
        events.add(event);
        notifyAll();
    }

    /** The next not yet returned event with this name, waiting for it up to {@code timeout}. */
    public synchronized Event next(String name, Duration timeout) throws InterruptedException {
        int from = cursors.getOrDefault(name, 0);
        int found = awaitIndex(from, e -> e.name().equals(name), timeout, "a '" + name + "' event");
        cursors.put(name, found + 1);
        return events.get(found);
    }

    /** The first {@code count} events with this name, once that many have arrived. */
    public synchronized List<Event> first(int count, String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Event> matching = named(name);
            if (matching.size() >= count) {
                return matching.subList(0, count);
            }
            waitUntil(deadline, count + " '" + name + "' events (got " + matching.size() + ")");
        }
    }

    /** The events with this name received so far. */
    public synchronized List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** The names of all events received so far, in order. */
    public synchronized List<String> names() {
        return events.stream().map(Event::name).toList();
    }

    /**
     * The names of the events received before the first event with name {@code marker}, waiting for the
     * marker. Since one connection's events arrive in order, this proves what did not arrive before it.
     */
    public synchronized List<String> namesBefore(String marker, Duration timeout) throws InterruptedException {
        int at = awaitIndex(0, e -> e.name().equals(marker), timeout, "a '" + marker + "' event");
        return events.subList(0, at).stream().map(Event::name).toList();
    }

    private int awaitIndex(int from, Predicate<Event> match, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    return i;
                }
            }
            waitUntil(deadline, what);
        }
    }

    private void waitUntil(long deadline, String what) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("timed out waiting for " + what + "; received " + names());
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
    }
}
