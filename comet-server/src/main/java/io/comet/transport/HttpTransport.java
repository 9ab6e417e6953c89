package io.comet.transport;

import io.comet.protocol.EngineCodec;
import io.comet.protocol.EnginePacket;
import io.comet.protocol.ProtocolException;
import io.undertow.server.HttpServerExchange;

import java.util.Deque;
import java.util.List;

/**
 * The base of the transports that carry a session over plain HTTP requests: the client's packets come
 * up in POST bodies (polling payloads), the server's go down in GET responses, one per poll or one
 * long-lived stream.
 */
public abstract class HttpTransport extends Transport {

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

    /** Hands up the packets of a POST body. A malformed payload closes the session. */
    public boolean onPost(String body) {
        List<EnginePacket> packets;
        try {
            packets = EngineCodec.decodePayload(body);
        } catch (ProtocolException e) {
            protocolError();
            return false;
        }
        for (EnginePacket p : packets) {
            receive(p);
        }
        return true;
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
