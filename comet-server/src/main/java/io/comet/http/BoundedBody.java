package io.comet.http;

import io.undertow.server.HttpServerExchange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body without blocking, refusing it as soon as it exceeds a limit, whether the client
 * announced its length or streams it chunked, so that the refusal can still be answered.
 */
final class BoundedBody {
    /** Receives the whole body as UTF-8 text. */
    interface Complete {
        void body(HttpServerExchange exchange, String body);
    }

    /** Receives the failure: {@code tooLarge} when over the limit, else the connection broke. */
    interface Failed {
        void failed(HttpServerExchange exchange, boolean tooLarge);
    }

    private BoundedBody() {
    }

    static void read(HttpServerExchange exchange, long limit, Complete complete, Failed failed) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean[] refused = {false};
        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
            if (refused[0]) {
                return;
            }
            if (body.size() + (long) chunk.length > limit) {
                refused[0] = true;
                failed.failed(ex, true);
                return;
            }
            body.writeBytes(chunk);
            if (last) {
                complete.body(ex, body.toString(StandardCharsets.UTF_8));
            }
        }, (ex, error) -> failed.failed(ex, false));
    }
}
