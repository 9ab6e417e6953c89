package io.comet.transport;

import io.comet.protocol.EngineCodec;
import io.comet.protocol.EnginePacket;
import io.comet.protocol.ProtocolException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The base of the transports that carry a session over plain HTTP requests: the client's packets come
 * up in POST bodies (polling payloads), the server's go down in GET responses, one per poll or one
 * long-lived stream.
 *
 * <p>A WebSocket may take the session over (the Engine.IO probe, then the upgrade packet). While it is
 * probing, a response this transport holds open, or a GET that arrives, is answered only after
 * {@link #UPGRADE_RACE_GRACE_MILLIS}: an upgrade packet the client sent on its WebSocket before that
 * request travels on another connection, and once it has been processed the request is refused (or
 * carries nothing more), as the protocol requires, and what is queued goes out on the WebSocket.
 *
 * <p>The packets of POST bodies go up through an {@link Upstream}, which holds a POST back while the
 * session's reads are paused.
 */
public abstract class HttpTransport extends Transport {
    /** How long a request that meets an upgrade waits for an upgrade packet racing it on the WebSocket. */
    static final long UPGRADE_RACE_GRACE_MILLIS = 10;

    private boolean upgrading; // guarded by this; lock order: this transport, then its session
    private final Upstream upstream = new Upstream(this);

    /** What became of a GET. */
    public enum GetResult {
        /** The transport answered or holds the request. */
        ACCEPTED,
        /** A second concurrent poll: the caller refuses it and closes the session, as the protocol requires. */
        DUPLICATE,
        /** The request's parameters are invalid for this transport (e.g. a bad callback name). */
        INVALID,
        /** The session is closed and has nothing more for the client. */
        CLOSED
    }

    /** HTTP transports can be upgraded to WebSocket unless a subclass says otherwise. */
    @Override
    public boolean canUpgrade() {
        return true;
    }

    /** Whether a WebSocket is probing to take this transport's session over. */
    protected final synchronized boolean upgrading() {
        return upgrading;
    }

    /** Marks the probe, then lets the subclass release what it holds open (see {@link #releaseForUpgrade()}). */
    @Override
    public final void onUpgrading() {
        synchronized (this) {
            upgrading = true;
        }
        releaseForUpgrade();
    }

    /** The probe was abandoned: requests are served as before. */
    @Override
    public synchronized void onUpgradeAbandoned() {
        upgrading = false;
    }

    /**
     * The probe arrived: a response held open now is to be ended, through
     * {@link #afterUpgradeGrace}, so that the client can pause this transport and send the upgrade
     * packet. Called once {@link #upgrading()} is true, so a GET that comes later sees it.
     */
    protected abstract void releaseForUpgrade();

    /**
     * Runs, on the exchange's IO thread once the grace is over, {@code serving} if this transport still
     * serves the session (no upgrade packet came), else {@code upgraded}. The exchange must be held open
     * (dispatched) meanwhile.
     */
    protected final void afterUpgradeGrace(HttpServerExchange exchange, Runnable serving, Runnable upgraded) {
        exchange.getIoThread().executeAfter(() -> (session().isServedBy(this) ? serving : upgraded).run(),
                UPGRADE_RACE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A GET during an upgrade: held open through the grace, then answered by {@code answer} (on the IO
     * thread), or refused with 400 if the upgrade completed meanwhile.
     */
    protected final void answerAfterUpgradeGrace(HttpServerExchange exchange, Runnable answer) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> afterUpgradeGrace(exchange, answer, () -> refuse(exchange)));
    }

    /** Refuses a request on a transport that no longer serves its session: 400, as the protocol requires. */
    protected static void refuse(HttpServerExchange exchange) {
        HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
    }

    /** Whether a GET's parameters suit this transport; checked before a session is opened for it. */
    public boolean accepts(HttpServerExchange exchange) {
        return true;
    }

    /** Answers, holds or streams a GET on the exchange's IO thread. */
    public abstract GetResult onGet(HttpServerExchange exchange);

    /** The Content-Type of a POST answer; {@code text/html} where the POST comes from a form in an iframe. */
    public String postAnswerType() {
        return "text/plain; charset=UTF-8";
    }

    /**
     * Hands up the packets of a POST body and answers the POST: at once, or, while the session's reads
     * are paused, once they are all handed up (see {@link Upstream}). A malformed payload is refused
     * with 400 and closes the session. Called on the exchange's IO thread.
     */
    public void onPost(HttpServerExchange exchange, String body) {
        List<EnginePacket> packets;
        try {
            packets = EngineCodec.decodePayload(body);
        } catch (ProtocolException e) {
            HttpReplies.error(exchange, HttpReplies.Error.BAD_PAYLOAD);
            protocolError();
            return;
        }
        upstream.post(exchange, packets);
    }

    @Override
    public void pauseReads() {
        upstream.pause();
    }

    @Override
    public void resumeReads() {
        upstream.resume();
    }

    /** The first value of a query parameter, or {@code null}. */
    protected static String param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }

    /** Runs {@code write} on the exchange's IO thread, now if already there. */
    protected static void onIoThread(HttpServerExchange exchange, Runnable write) {
        if (exchange.isInIoThread()) {
            write.run();
        } else {
            exchange.getIoThread().execute(write);
        }
    }
}
