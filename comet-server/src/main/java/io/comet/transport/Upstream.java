package io.comet.transport;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineSession;
import io.comet.protocol.EnginePacket;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.util.Iterator;
import java.util.List;

/**
 * What comes up an HTTP transport: the packets of its POST bodies, handed up one at a time, and the
 * POSTs' answers.
 *
 * <p>While the session's reads are paused, the rest of a body waits here and its POST is not answered
 * until every packet of it has been handed up. A client sends its next POST only once the last one was
 * answered, so this holds it back, and holds at most one body of at most {@code maxPayload} bytes.
 *
 * <p>A POST that arrives while another one waits breaks that rule: the client did not wait for the
 * answer. It is refused with 400 ({@link HttpReplies.Error#DUPLICATE_POST}). In a session without
 * acknowledgements the session closes, as for a duplicate poll; in an acknowledging session it is the
 * waiting POST that is refused, and its packets not yet handed up are dropped, because the client sends
 * a POST again only when the answer to the other was lost, and then sends its packets again, first
 * (docs/delivery.md): the newer one takes its place.
 */
final class Upstream {
    private final HttpTransport transport;
    private boolean paused; // guarded by this
    private Post waiting;   // guarded by this: the POST with packets left since the reads paused, if any

    /** A POST being handed up: its exchange and the packets not handed up yet. */
    private record Post(HttpServerExchange exchange, Iterator<EnginePacket> rest) {
    }

    /** How far {@link #handUp} got with a POST. */
    private enum Progress { DONE, WAITING, REPLACED }

    Upstream(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * Hands up the packets of a POST and answers it, now or once they have all been handed up. Called
     * on the exchange's IO thread, from the request handler or its body callback: where a held exchange
     * may still be dispatched.
     */
    void post(HttpServerExchange exchange, List<EnginePacket> packets) {
        Post post = new Post(exchange, packets.iterator());
        Post refused;
        synchronized (this) {
            refused = waiting == null ? null : transport.session().acking() ? waiting : post;
            if (refused != post && refused != null) {
                waiting = post;
            }
        }
        if (refused == post) {
            HttpReplies.error(exchange, HttpReplies.Error.DUPLICATE_POST);
            transport.session().close(CloseReason.TRANSPORT_ERROR);
            return;
        }
        if (refused != null) {
            HttpServerExchange replaced = refused.exchange();
            HttpTransport.onIoThread(replaced, () -> HttpReplies.error(replaced, HttpReplies.Error.DUPLICATE_POST));
        }
        if (handUp(post) == Progress.DONE) {
            answer(exchange);
        } else {
            // Held open past the handler: answered once the reads resume, or refused by the POST that
            // replaced it, in a task of this same IO thread.
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
        }
    }

    /** The session's reads pause: the packets of POSTs wait from the next one on. */
    synchronized void pause() {
        paused = true;
    }

    /**
     * The reads resume: the waiting POST, if any, goes on where it stopped, on its IO thread. When this
     * transport no longer serves the session, its packets are dropped and it is refused as any request
     * to a transport that no longer serves its session is.
     */
    void resume() {
        Post post;
        synchronized (this) {
            paused = false;
            post = waiting;
        }
        if (post != null) {
            post.exchange().getIoThread().execute(() -> carryOn(post));
        }
    }

    private void carryOn(Post post) {
        synchronized (this) {
            if (waiting != post) {
                return; // finished by an earlier resume, or replaced and refused
            }
        }
        EngineSession session = transport.session();
        if (!session.isServedBy(transport)) {
            synchronized (this) {
                waiting = null;
            }
            HttpReplies.error(post.exchange(),
                    session.isClosed() ? HttpReplies.Error.UNKNOWN_SID : HttpReplies.Error.BAD_REQUEST);
        } else if (handUp(post) == Progress.DONE) {
            answer(post.exchange());
        }
    }

    /** Hands up the POST's packets until the reads pause or a newer POST replaces it. */
    private Progress handUp(Post post) {
        while (true) {
            synchronized (this) {
                if (waiting != null && waiting != post) {
                    return Progress.REPLACED;
                }
                if (!post.rest().hasNext()) {
                    waiting = null;
                    return Progress.DONE;
                }
                if (paused) {
                    waiting = post;
                    return Progress.WAITING;
                }
            }
            transport.receive(post.rest().next());
        }
    }

    /** Answers a POST whose packets were all handed up: 413 when they made the session refuse its size. */
    private void answer(HttpServerExchange exchange) {
        if (transport.session().closeReason() == CloseReason.PAYLOAD_TOO_LARGE) {
            HttpReplies.error(exchange, HttpReplies.Error.PAYLOAD_TOO_LARGE);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, transport.postAnswerType());
        exchange.getResponseSender().send("ok");
    }
}
