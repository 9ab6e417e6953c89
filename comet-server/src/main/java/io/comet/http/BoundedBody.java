package io.comet.http;

import io.undertow.server.HttpServerExchange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body without blocking, refusing it as soon as it exceeds a limit, whether the client
 * announced its length or streams it chunked, or once it has taken longer than a deadline, so that the
 * refusal can still be answered. The deadline is a timer on the shared scheduler, so it holds whatever
 * listener the endpoint is mounted on; a client that promises a body and sends it a byte at a time
 * holds its connection until then, and no longer.
 */
final class BoundedBody {
    /** Receives the whole body as UTF-8 text. */
    interface Complete {
        void body(HttpServerExchange exchange, String body);
    }

    /** Why a body was not read. */
    enum Failure {
        /** Over the limit. */
        TOO_LARGE,
        /** Not complete by the deadline. */
        TIMED_OUT,
        /** The connection broke. */
        BROKEN
    }

    /** Receives the failure, once, on the exchange's IO thread. */
    interface Failed {
        void failed(HttpServerExchange exchange, Failure failure);
    }

    private final HttpServerExchange exchange;
    private final long limit;
    private final Complete complete;
    private final Failed failed;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    // Only touched on the exchange's IO thread: the reads, the failure and the deadline all run there.
    private boolean settled;
    private ScheduledFuture<?> deadline;

    private BoundedBody(HttpServerExchange exchange, long limit, Complete complete, Failed failed) {
        this.exchange = exchange;
        this.limit = limit;
        this.complete = complete;
        this.failed = failed;
    }

    /** Reads the body; {@code complete} or {@code failed} is called once, on the exchange's IO thread. */
    static void read(HttpServerExchange exchange, long limit, Duration timeout, ScheduledExecutorService scheduler,
                     Complete complete, Failed failed) {
        BoundedBody reading = new BoundedBody(exchange, limit, complete, failed);
        reading.deadline = scheduler.schedule(() -> exchange.getIoThread().execute(reading::timedOut),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> reading.chunk(chunk, last),
                (ex, error) -> reading.fail(Failure.BROKEN));
    }

    private void chunk(byte[] chunk, boolean last) {
        if (settled) {
            return;
        }
        if (body.size() + (long) chunk.length > limit) {
            fail(Failure.TOO_LARGE);
            return;
        }
        body.writeBytes(chunk);
        if (last) {
            settle();
            complete.body(exchange, body.toString(StandardCharsets.UTF_8));
        }
    }

    private void timedOut() {
        fail(Failure.TIMED_OUT);
    }

    private void fail(Failure failure) {
        if (!settled) {
            settle();
            failed.failed(exchange, failure);
        }
    }

    private void settle() {
        settled = true;
        deadline.cancel(false);
    }
}
