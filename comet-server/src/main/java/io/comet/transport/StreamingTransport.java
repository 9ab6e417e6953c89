package io.comet.transport;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineSession;
import io.comet.protocol.EnginePacket;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shared base of the HTTP streaming transports: one long-lived chunked GET response carries
 * packets as they are queued, each framed by the subclass with its offset.
 *
 * <p>A response ends after {@link #BYTE_BUDGET} bytes so that the page's memory stays bounded, or when
 * the connection is cut; the client then opens the next GET with the offset it expects next. Packets
 * are kept until that offset acknowledges them, so a cut stream loses nothing and duplicates nothing.
 * Losing a stream does not close the session: the heartbeat does, if the client does not come back.
 *
 * <p>A WebSocket may take the session over: the stream open at the probe ends after the upgrade-race
 * grace, having carried what is queued, and a GET during the upgrade gets a response that does the same
 * (or 400 once the upgrade completed); see {@link HttpTransport}.
 *
 * <p>Writes happen on the response's IO thread, non-blocking; at most {@link #HIGH_WATER} bytes wait in
 * the stream's own buffer, the rest in the session's bounded queue.
 */
public abstract class StreamingTransport extends HttpTransport {
    /** Bytes after which a response is ended and the client reconnects. */
    public static final int BYTE_BUDGET = 256 * 1024;
    private static final int HIGH_WATER = 64 * 1024;
    private static final int PACKETS_PER_DRAIN = 64;

    private Stream stream; // guarded by this: the response that takes packets, if any
    private Stream latest; // guarded by this: the response of the client's latest GET, even once ended
    private boolean closed; // guarded by this
    private CloseReason lingering; // guarded by this: closed with no stream open and packets to hand over

    /** The response's Content-Type. */
    protected abstract String contentType();

    /** What opens every response: padding for browsers and proxies that buffer the first kilobytes. */
    protected abstract String prelude(HttpServerExchange exchange);

    /** One packet as this transport frames it. */
    protected abstract String frame(long offset, EnginePacket packet);

    /** A keep-alive written when the stream has been idle, or {@code null} for none. */
    protected String heartbeat() {
        return null;
    }

    /** How long a stream may stay idle before {@link #heartbeat()} is written. */
    protected long heartbeatMillis() {
        return 10_000;
    }

    /**
     * The offset the client expects next, from the request, or -1 when it did not say (a new session).
     * Throws {@link NumberFormatException} for a malformed one.
     */
    protected long requestedOffset(HttpServerExchange exchange) {
        String offset = param(exchange, "offset");
        return offset == null ? -1 : Long.parseLong(offset);
    }

    @Override
    public boolean accepts(HttpServerExchange exchange) {
        try {
            return requestedOffset(exchange) >= -1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Opens a new response for the session, replacing any open one, and resumes at the requested offset. */
    @Override
    public GetResult onGet(HttpServerExchange exchange) {
        long offset = requestedOffset(exchange);
        if (offset >= 0 && session().acking() && !session().holds(offset)) {
            return GetResult.INVALID;
        }
        Stream next = new Stream(exchange);
        Stream previous;
        CloseReason last;
        boolean upgrading;
        synchronized (this) {
            last = lingering;
            if (closed && last == null) {
                return GetResult.CLOSED;
            }
            lingering = null;
            previous = stream;
            stream = next;
            latest = next;
            upgrading = last == null && upgrading();
        }
        if (previous != null) {
            previous.end();
        }
        if (offset >= 0) {
            session().resumeFrom(offset);
        } else if (previous == null && last == null) {
            // A new session: the packet after the open one proves to the client that the stream is not
            // being buffered by a proxy.
            session().send(EnginePacket.NOOP);
        }
        if (upgrading) {
            answerAfterUpgradeGrace(exchange, () -> {
                next.start();
                endForUpgrade(next);
            });
            return GetResult.ACCEPTED;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            next.start();
            if (last != null) {
                next.finish(last.notifiesClient());
                session().forget();
            }
        });
        return GetResult.ACCEPTED;
    }

    @Override
    public void wake() {
        Stream s = current();
        if (s != null) {
            s.scheduleFlush();
        }
    }

    private synchronized Stream current() {
        return stream;
    }

    @Override
    public void sendDirect(EnginePacket packet) {
        throw new UnsupportedOperationException(name() + " is never probed");
    }

    @Override
    public boolean close(CloseReason reason) {
        Stream s;
        synchronized (this) {
            closed = true;
            s = stream;
            stream = null;
            if (s == null && reason.lingers()) {
                lingering = reason;
                return true;
            }
        }
        if (s != null) {
            s.finish(reason.notifiesClient());
        }
        return false;
    }

    /** The stream open at the probe ends after the grace, having carried what is queued. */
    @Override
    protected void releaseForUpgrade() {
        Stream s = current();
        if (s != null) {
            // Once the upgrade has completed, close() has already ended the stream with nothing more.
            afterUpgradeGrace(s.exchange, () -> endForUpgrade(s), () -> { });
        }
    }

    /**
     * On the stream's IO thread, after the grace, with the session still here: the stream writes what is
     * queued and then ends, and the client, pausing this transport, does not reopen it. A stream replaced
     * or cut meanwhile is left alone, and so is one whose upgrade was abandoned: it goes on as before.
     */
    private void endForUpgrade(Stream s) {
        EngineSession.Batch rest;
        synchronized (this) {
            if (stream != s || !s.isOpen() || !upgrading()) {
                return;
            }
            stream = null;
            rest = session().streamFor(this, Integer.MAX_VALUE);
        }
        s.endWith(rest, null);
    }

    /**
     * Packets for a stream to write, only while it is the current one: a stream being replaced must not
     * take what the new one's offset has just put back in the queue.
     */
    private synchronized EngineSession.Batch take(Stream s, int max) {
        return stream == s ? session().streamFor(this, max) : new EngineSession.Batch(session().nextOffset(), List.of());
    }

    private synchronized void forget(Stream s) {
        if (stream == s) {
            stream = null;
        }
    }

    /**
     * A response ended that the server did not end, or could not finish writing: the client or the
     * network cut it. The session hears of it if the client has not opened another since.
     */
    private synchronized void cut(Stream s) {
        forget(s);
        if (latest == s) {
            session().streamCut(this);
        }
    }

    /** One GET response; everything in it runs on the response's IO thread. */
    private final class Stream {
        private final HttpServerExchange exchange;
        private final ArrayDeque<ByteBuffer> buffered = new ArrayDeque<>();
        private final AtomicBoolean flushScheduled = new AtomicBoolean();
        private StreamSinkChannel channel;
        private XnioExecutor.Key heartbeatKey;
        private long bufferedBytes;
        private long written;
        private boolean ending;
        private boolean idle = true;

        Stream(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        void start() {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType());
            exchange.addExchangeCompleteListener((ex, next) -> {
                if (isOpen()) { // not ended by the server
                    cut(this);
                }
                cancelHeartbeat();
                next.proceed();
            });
            channel = exchange.getResponseChannel();
            channel.getWriteSetter().set(ch -> pump());
            append(prelude(exchange));
            scheduleHeartbeat();
            flush();
        }

        /** Started and not ended yet. */
        boolean isOpen() {
            return channel != null;
        }

        void scheduleFlush() {
            if (flushScheduled.compareAndSet(false, true)) {
                exchange.getIoThread().execute(this::flush);
            }
        }

        private void flush() {
            flushScheduled.set(false);
            if (channel == null) {
                return;
            }
            while (!ending && bufferedBytes < HIGH_WATER && written < BYTE_BUDGET) {
                EngineSession.Batch batch = take(this, PACKETS_PER_DRAIN);
                if (batch.packets().isEmpty()) {
                    break;
                }
                long offset = batch.firstOffset();
                for (EnginePacket p : batch.packets()) {
                    append(frame(offset++, p));
                }
            }
            if (written >= BYTE_BUDGET) {
                ending = true;
            }
            pump();
        }

        private void append(String text) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
            buffered.addLast(bytes);
            bufferedBytes += bytes.remaining();
            written += bytes.remaining();
            idle = false;
        }

        /** Writes what the channel takes now; the write listener calls again when it takes more. */
        private void pump() {
            if (channel == null) {
                return;
            }
            try {
                while (!buffered.isEmpty()) {
                    ByteBuffer head = buffered.peekFirst();
                    bufferedBytes -= channel.write(head);
                    if (head.hasRemaining()) {
                        channel.resumeWrites();
                        return;
                    }
                    buffered.pollFirst();
                }
                if (!channel.flush()) {
                    channel.resumeWrites();
                    return;
                }
                channel.suspendWrites();
                if (ending) {
                    forget(this);
                    channel = null;
                    exchange.endExchange();
                } else if (session().hasQueued()) {
                    scheduleFlush();
                }
            } catch (IOException e) {
                cut(this);
                ending = true;
                channel = null;
                IoUtils.safeClose(exchange.getConnection());
            }
        }

        /** Ends this response after what is already buffered, e.g. because a newer one replaced it. */
        void end() {
            exchange.getIoThread().execute(() -> {
                ending = true;
                if (channel != null) {
                    pump();
                }
            });
        }

        /** The session closed: write what is left, then a close packet if the client did not cause it, then end. */
        void finish(boolean notifyClient) {
            exchange.getIoThread().execute(() -> {
                if (channel != null) {
                    endWith(session().streamFor(StreamingTransport.this, Integer.MAX_VALUE),
                            notifyClient ? EnginePacket.CLOSE : null);
                }
            });
        }

        /** Writes these packets and then {@code last}, if any, and ends the response. */
        void endWith(EngineSession.Batch rest, EnginePacket last) {
            long offset = rest.firstOffset();
            for (EnginePacket p : rest.packets()) {
                append(frame(offset++, p));
            }
            if (last != null) {
                append(frame(offset, last));
            }
            ending = true;
            pump();
        }

        private void scheduleHeartbeat() {
            String beat = heartbeat();
            if (beat == null) {
                return;
            }
            heartbeatKey = exchange.getIoThread().executeAfter(() -> {
                if (ending) {
                    return;
                }
                if (idle) {
                    append(beat);
                    pump();
                }
                idle = true;
                scheduleHeartbeat();
            }, heartbeatMillis(), TimeUnit.MILLISECONDS);
        }

        private void cancelHeartbeat() {
            if (heartbeatKey != null) {
                heartbeatKey.remove();
            }
        }
    }
}
