package io.comet.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.test.CuttingProxy;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Socket.IO client made of raw WebSocket packets, for the delivery tests: it joins the main
 * namespace with an auth object of the test's choosing and reads events with their recovery offsets.
 * It reaches the server through a proxy of its own, so that {@link #close()} is a real cut: a reset
 * the server sees at once, with no goodbye.
 */
final class RawSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event as it came: its name, its arguments and its recovery offset (the last argument). */
    record Event(String name, List<Object> args, String offset) {
    }

    private final CuttingProxy proxy;
    final RawWebSocket ws;
    final String sid;
    final String pid;

    private RawSocket(CuttingProxy proxy, RawWebSocket ws, String sid, String pid) {
        this.proxy = proxy;
        this.ws = ws;
        this.sid = sid;
        this.pid = pid;
    }

    /** Opens a session (with more query, e.g. {@code "&comet=1"}) and joins "/" with this auth JSON. */
    static RawSocket connect(TestServer server, String query, String auth) {
        CuttingProxy proxy = CuttingProxy.start(server.port());
        RawWebSocket ws = RawWebSocket.openAt(proxy.port(), server.path(), query);
        String open = ws.receive();
        if (!open.startsWith("0{")) {
            throw new AssertionError("expected the open packet, got " + open);
        }
        ws.send("40" + auth);
        JsonNode reply = json(expectPrefix(ws.receive(), "40"));
        return new RawSocket(proxy, ws, reply.path("sid").asText(), reply.path("pid").textValue());
    }

    static RawSocket connect(TestServer server, String auth) {
        return connect(server, "", auth);
    }

    /** The auth object a recovering client sends: its pid and, if it got any, its last offset. */
    String recoveryAuth(String lastOffset) {
        return "{\"pid\":\"" + pid + "\"" + (lastOffset == null ? "" : ",\"offset\":\"" + lastOffset + "\"") + "}";
    }

    /** The next packet, which must be an event; its offset is taken off its arguments. */
    Event event() {
        JsonNode data = json(expectPrefix(ws.receive(), "42"));
        List<Object> args = new ArrayList<>();
        for (int i = 1; i < data.size() - 1; i++) {
            args.add(JSON.convertValue(data.get(i), Object.class));
        }
        return new Event(data.get(0).asText(), args, data.get(data.size() - 1).textValue());
    }

    /** The next {@code n} events. */
    List<Event> events(int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event());
        }
        return events;
    }

    static String expectPrefix(String packet, String prefix) {
        if (!packet.startsWith(prefix)) {
            throw new AssertionError("expected a packet starting " + prefix + ", got " + packet);
        }
        return packet.substring(prefix.length());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts the connection, as a network does: both ends are reset at once. */
    @Override
    public void close() {
        proxy.cutAll();
        proxy.close();
        ws.cut();
    }
}
