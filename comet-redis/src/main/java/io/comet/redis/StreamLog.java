package io.comet.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The cluster's ordered log: one Redis stream ({@code <key>}, as socket.io's streams adapter names it),
 * to which every node appends its broadcasts ({@code XADD}, trimmed to about {@code maxLength}
 * entries) and which every node reads back in order ({@code XREAD BLOCK}, on a connection of its own).
 * A node delivers every broadcast, its own included, as it reads it: every client of every node gets
 * them in the log's order, and an entry's id is its offset for recovery on any node.
 *
 * <p>The entries are handled one at a time on one thread, the log's lane; so are the tasks of
 * {@link #whenDelivered}, between two entries. Nothing waits on Redis: while it is away, reading is
 * tried again every half second from where it stopped, and appending fails at once.
 */
final class StreamLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamLog.class);
    private static final int READ_COUNT = 100;
    private static final long BLOCK_MILLIS = 5_000;
    private static final long RETRY_MILLIS = 500;
    private static final int RANGE_COUNT = 500;

    /** A task waiting for the log to reach an offset. */
    private record Waiting(StreamId offset, Consumer<String> task, long deadline) {
    }

    private final StatefulRedisConnection<byte[], byte[]> commands;
    private final StatefulRedisConnection<byte[], byte[]> reader;
    private final byte[] stream;
    private final long maxLength;
    private final long waitMillis;
    private final Map<String, BiConsumer<String, Map<String, byte[]>>> namespaces = new ConcurrentHashMap<>();
    private final ExecutorService lane = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "comet-redis-log");
        t.setDaemon(true);
        return t;
    });
    private final List<Waiting> waiting = new ArrayList<>(); // on the lane
    private final AtomicReference<CompletableFuture<StreamId>> appends = new AtomicReference<>(CompletableFuture.completedFuture(null));
    private StreamId position;                                // on the lane: the last entry delivered, or null before the start
    private volatile boolean closed;
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    StreamLog(RedisClient client, StatefulRedisConnection<byte[], byte[]> commands, String key, long maxLength, long waitMillis) {
        this.commands = commands;
        this.reader = client.connect(ByteArrayCodec.INSTANCE);
        this.stream = key.getBytes(StandardCharsets.UTF_8);
        this.maxLength = maxLength;
        this.waitMillis = waitMillis;
        lane.execute(this::start);
    }

    /** Completes once the log knows where it starts reading (everything appended from then on reaches this node). */
    CompletableFuture<Void> started() {
        return started;
    }

    /** Hands the entries of this namespace, with their ids, to {@code handler}, on the lane. */
    void register(String namespace, BiConsumer<String, Map<String, byte[]>> handler) {
        namespaces.put(namespace, handler);
    }

    void unregister(String namespace) {
        namespaces.remove(namespace);
    }

    /**
     * Appends an entry; completes with its id, or, once {@code onFailure} has run, with {@code null} when
     * Redis refused it (away: it fails at once).
     */
    CompletableFuture<String> append(Map<String, byte[]> fields, Runnable onFailure) {
        Map<byte[], byte[]> body = new LinkedHashMap<>();
        fields.forEach((k, v) -> body.put(k.getBytes(StandardCharsets.UTF_8), v));
        CompletableFuture<String> appended = new CompletableFuture<>();
        CompletableFuture<StreamId> chained = new CompletableFuture<>();
        CompletableFuture<StreamId> previous = appends.getAndSet(chained);
        commands.async().xadd(stream, XAddArgs.Builder.maxlen(maxLength).approximateTrimming(), body).whenComplete((id, error) -> {
            if (error != null) {
                onFailure.run();
            }
            appended.complete(error == null ? id : null);
            StreamId mine = error == null ? StreamId.parse(id) : null;
            previous.whenComplete((before, e) -> chained.complete(later(before, mine)));
        });
        return appended;
    }

    /**
     * Runs {@code task} once every entry this node appended so far has been delivered here (or was
     * refused), on the lane: what a node sends a client directly, an acknowledgement, does not overtake
     * the events the node emitted before it. Without a lock: each append is chained to the one before.
     */
    void afterAppends(Runnable task) {
        appends.get().whenComplete((newest, e) -> {
            if (newest == null) {
                lane.execute(task);
            } else {
                whenDelivered(newest.toString(), position -> task.run());
            }
        });
    }

    /** The id of the newest entry this node appended, once it and every one before it have been answered; {@code null} for none. */
    CompletableFuture<String> newestAppend() {
        return appends.get().thenApply(id -> id == null ? null : id.toString());
    }

    private static StreamId later(StreamId a, StreamId b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    /** See {@link io.comet.ClusterRecovery#whenDelivered}; a task that waits longer than the cluster's request timeout gets {@code null}. */
    void whenDelivered(String offset, Consumer<String> task) {
        StreamId target = StreamId.parse(offset);
        if (target == null) {
            task.accept(null);
            return;
        }
        lane.execute(() -> {
            if (position != null && position.compareTo(target) >= 0) {
                task.accept(position.toString());
            } else {
                waiting.add(new Waiting(target, task, System.currentTimeMillis() + waitMillis));
            }
        });
    }

    /**
     * What {@code select} makes of each entry after {@code after} up to {@code upTo} (it is given the
     * entry's id and fields, and answers {@code null} to leave the entry out), oldest first; {@code null}
     * when the log no longer holds {@code after}, or when more than {@code max} entries are selected.
     */
    <T> CompletableFuture<List<T>> range(String after, String upTo, int max, BiFunction<String, Map<String, byte[]>, T> select) {
        return commands.async().xrange(stream, Range.create(after, after), Limit.from(1)).toCompletableFuture()
                .thenCompose(found -> found.isEmpty() ? CompletableFuture.completedFuture(null)
                        : collect(after, upTo, max, select, new ArrayList<>()));
    }

    private <T> CompletableFuture<List<T>> collect(String after, String upTo, int max, BiFunction<String, Map<String, byte[]>, T> select,
                                                   List<T> out) {
        if (StreamId.parse(after).compareTo(StreamId.parse(upTo)) >= 0) {
            return CompletableFuture.completedFuture(out);
        }
        Range<String> range = Range.from(Range.Boundary.excluding(after), Range.Boundary.including(upTo));
        return commands.async().xrange(stream, range, Limit.from(RANGE_COUNT)).toCompletableFuture().thenCompose(batch -> {
            for (StreamMessage<byte[], byte[]> entry : batch) {
                T selected = select.apply(entry.getId(), fields(entry));
                if (selected != null) {
                    out.add(selected);
                    if (out.size() > max) {
                        return CompletableFuture.completedFuture(null);
                    }
                }
            }
            return batch.size() < RANGE_COUNT ? CompletableFuture.completedFuture(out)
                    : collect(batch.get(batch.size() - 1).getId(), upTo, max, select, out);
        });
    }

    /**
     * The highest number of the emits of the socket with {@code pid} whose handlers made a broadcast
     * appended since {@code sinceMillis} (Redis's clock), by the {@code cause} of the entries; 0 when none.
     */
    CompletableFuture<Long> highestCause(String pid, long sinceMillis) {
        return causes(pid + " ", Range.create(Math.max(0, sinceMillis) + "-0", "+"), 0);
    }

    private CompletableFuture<Long> causes(String prefix, Range<String> range, long highest) {
        return commands.async().xrange(stream, range, Limit.from(RANGE_COUNT)).toCompletableFuture().thenCompose(batch -> {
            long found = highest;
            for (StreamMessage<byte[], byte[]> entry : batch) {
                byte[] cause = fields(entry).get(StreamEntries.CAUSE);
                String text = cause == null ? "" : new String(cause, StandardCharsets.UTF_8);
                if (text.startsWith(prefix)) {
                    try {
                        found = Math.max(found, Long.parseLong(text.substring(prefix.length())));
                    } catch (NumberFormatException e) {
                        // not one of Comet's: ignored
                    }
                }
            }
            if (batch.size() < RANGE_COUNT) {
                return CompletableFuture.completedFuture(found);
            }
            String last = batch.get(batch.size() - 1).getId();
            return causes(prefix, Range.from(Range.Boundary.excluding(last), Range.Boundary.unbounded()), found);
        });
    }

    // ---------------------------------------------------------------- the reading loop, on the lane

    /** Starts after the log's newest entry: what was appended before this node joined is none of its business. */
    private void start() {
        if (closed) {
            return;
        }
        commands.async().xrevrange(stream, Range.create("-", "+"), Limit.from(1)).toCompletableFuture().whenCompleteAsync((last, error) -> {
            if (error != null) {
                retry(this::start);
                return;
            }
            position = last.isEmpty() ? StreamId.ZERO : StreamId.parse(last.get(0).getId());
            started.complete(null);
            runWaiting();
            read();
        }, lane);
    }

    private void read() {
        if (closed || !reader.isOpen()) {
            return;
        }
        reader.async().xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(READ_COUNT), XReadArgs.StreamOffset.from(stream, position.toString()))
                .toCompletableFuture().whenCompleteAsync((entries, error) -> {
                    if (error != null) {
                        if (!closed) {
                            log.debug("cannot read the cluster's log: {}", error.toString());
                            retry(this::read);
                        }
                        return;
                    }
                    for (StreamMessage<byte[], byte[]> entry : entries) {
                        deliver(entry);
                    }
                    expireWaiting();
                    read();
                }, lane);
    }

    private void deliver(StreamMessage<byte[], byte[]> entry) {
        Map<String, byte[]> fields = fields(entry);
        byte[] nsp = fields.get("nsp");
        if (nsp != null) {
            BiConsumer<String, Map<String, byte[]>> handler = namespaces.get(new String(nsp, StandardCharsets.UTF_8));
            if (handler != null) {
                try {
                    handler.accept(entry.getId(), fields);
                } catch (RuntimeException e) {
                    log.warn("cannot deliver entry {} of the cluster's log", entry.getId(), e);
                }
            }
        }
        StreamId id = StreamId.parse(entry.getId());
        if (id != null) {
            position = id;
        }
        runWaiting();
    }

    private void runWaiting() {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (position.compareTo(w.offset()) >= 0) {
                it.remove();
                w.task().accept(position.toString());
            }
        }
    }

    /** An offset the log never reaches (a made-up one) is answered {@code null} after the wait. */
    private void expireWaiting() {
        long now = System.currentTimeMillis();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.deadline() < now) {
                it.remove();
                w.task().accept(null);
            }
        }
    }

    private void retry(Runnable step) {
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, lane).execute(() -> {
            expireWaiting();
            step.run();
        });
    }

    /** An entry's fields by name (Lettuce keys them by byte arrays, which do not compare by content). */
    static Map<String, byte[]> fields(StreamMessage<byte[], byte[]> entry) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        entry.getBody().forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8), v));
        return fields;
    }

    @Override
    public void close() {
        closed = true;
        reader.close();
        lane.shutdown();
    }
}
