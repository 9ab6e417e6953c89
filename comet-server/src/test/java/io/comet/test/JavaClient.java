package io.comet.test;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;

/**
 * The stock Java Socket.IO client ({@code io.socket:socket.io-client}) connected to a test server, with
 * everything it receives recorded in an {@link EventLog}. Values it receives are turned into plain Java
 * ({@code Map}, {@code List}, {@code byte[]}, numbers, strings) so tests compare them directly.
 */
public final class JavaClient implements AutoCloseable {
    private static final Duration TIMEOUT = Await.TIMEOUT;

    /** Which transports the client may use. */
    public enum Transports {
        WEBSOCKET(false, "websocket"),
        POLLING(false, "polling"),
        /** The client default: a polling handshake, then the upgrade to WebSocket. */
        POLLING_THEN_WEBSOCKET(true, "polling", "websocket");

        private final boolean upgrade;
        private final String[] names;

        Transports(boolean upgrade, String... names) {
            this.upgrade = upgrade;
            this.names = names;
        }
    }

    private final Socket socket;
    private final EventLog events = new EventLog();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Object> connectError = new CompletableFuture<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();
    private final CompletableFuture<Void> upgraded = new CompletableFuture<>();

    private JavaClient(Options o) {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.timeout = TIMEOUT.toMillis();
        options.transports = o.transports.names;
        options.upgrade = o.transports.upgrade;
        options.auth = o.auth;
        options.query = o.query;
        options.extraHeaders = o.headers;
        socket = IO.socket(URI.create(o.url + o.namespace), options);
        socket.onAnyIncoming(this::record);
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connectError.complete(args.length > 0 ? plain(args[0]) : null));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : null));
        // The engine exists once the manager opens, and emits "open" before it starts probing the upgrade.
        socket.io().on(Manager.EVENT_OPEN, args ->
                engine().on(io.socket.engineio.client.Socket.EVENT_UPGRADE, a -> upgraded.complete(null)));
        socket.connect();
    }

    /** Connects to the main namespace over these transports and waits until connected. */
    public static JavaClient connect(TestServer server, Transports transports) {
        return to(server).transports(transports).connect();
    }

    /** Options for a client of this server; {@link Options#connect()} or {@link Options#open()} it. */
    public static Options to(TestServer server) {
        return new Options(server.url());
    }

    /** Options for a client of any Socket.IO server at this URL, e.g. a Node.js one beside a Comet node. */
    public static Options toUrl(String url) {
        return new Options(url);
    }

    /** The client settings of one test. */
    public static final class Options {
        private final String url;
        private String namespace = "";
        private Transports transports = Transports.WEBSOCKET;
        private Map<String, String> auth;
        private String query;
        private Map<String, List<String>> headers;

        private Options(String url) {
            this.url = url;
        }

        /** The namespace to join, e.g. {@code "/admin"}; the main one when not set. */
        public Options namespace(String name) {
            this.namespace = name;
            return this;
        }

        public Options transports(Transports transports) {
            this.transports = transports;
            return this;
        }

        /** The CONNECT packet's auth payload. */
        public Options auth(Map<String, String> auth) {
            this.auth = auth;
            return this;
        }

        /** Extra query string of the Engine.IO requests, e.g. {@code "room=lobby"}. */
        public Options query(String query) {
            this.query = query;
            return this;
        }

        /** Extra HTTP headers of the Engine.IO requests. */
        public Options headers(Map<String, List<String>> headers) {
            this.headers = headers;
            return this;
        }

        /** Starts connecting without waiting. */
        public JavaClient open() {
            return new JavaClient(this);
        }

        /** Connects and waits until the namespace accepted the client. */
        public JavaClient connect() {
            JavaClient client = open();
            try {
                client.awaitConnected();
            } catch (RuntimeException | Error e) {
                client.close();
                throw e;
            }
            return client;
        }
    }

    // ---------------------------------------------------------------- lifecycle

    public JavaClient awaitConnected() {
        CompletableFuture<Object> either = CompletableFuture.anyOf(connected, connectError);
        Object error = await(either, "the connection");
        if (connectError.isDone() && !connected.isDone()) {
            throw new AssertionError("connect_error: " + error);
        }
        return this;
    }

    /** The connect_error payload, as plain Java (a map with {@code message} and maybe {@code data}). */
    public Object awaitConnectError() {
        return await(connectError, "a connect_error");
    }

    /** The reason the client reports for its disconnection, e.g. {@code "io server disconnect"}. */
    public String awaitDisconnect() {
        return await(disconnected, "the disconnection");
    }

    /** Waits until the client has upgraded its connection from polling to WebSocket. */
    public JavaClient awaitUpgrade() {
        await(upgraded, "the upgrade to WebSocket");
        return this;
    }

    public boolean connected() {
        return socket.connected();
    }

    /** The Socket.IO socket id the server assigned. */
    public String id() {
        return socket.id();
    }

    /** The Engine.IO session id of the connection. */
    public String engineSid() {
        return engine().id();
    }

    /** The client's Engine.IO socket: the library keeps it in a package-private field of its Manager. */
    private io.socket.engineio.client.Socket engine() {
        try {
            java.lang.reflect.Field engine = Manager.class.getDeclaredField("engine");
            engine.setAccessible(true);
            return (io.socket.engineio.client.Socket) engine.get(socket.io());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this version of the Java client keeps its engine elsewhere", e);
        }
    }

    /** Leaves the namespace (the client's own {@code socket.disconnect()}). */
    public void disconnect() {
        socket.disconnect();
    }

    @Override
    public void close() {
        socket.disconnect();
    }

    // ---------------------------------------------------------------- events

    public void emit(String event, Object... args) {
        socket.emit(event, args);
    }

    /** Emits with an acknowledgement callback; the future gets the server's answer as plain Java. */
    public CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
        CompletableFuture<List<Object>> answer = new CompletableFuture<>();
        socket.emit(event, args, (Ack) reply -> answer.complete(plainList(reply)));
        return answer;
    }

    /** Emits with an acknowledgement and waits for the answer. */
    public List<Object> ask(String event, Object... args) {
        return await(emitWithAck(event, args), "the acknowledgement of '" + event + "'");
    }

    public EventLog events() {
        return events;
    }

    /** The next '{@code event}' received, waiting for it. */
    public EventLog.Event next(String event) {
        try {
            return events.next(event, TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Answers the acknowledgement the server asked for with an event. */
    public static void answer(EventLog.Event event, Object... args) {
        if (!(event.ack() instanceof Ack ack)) {
            throw new AssertionError("the server asked for no acknowledgement with " + event.name());
        }
        ack.call(args);
    }

    private void record(Object... raw) {
        List<Object> all = new ArrayList<>(Arrays.asList(raw));
        Object ack = !all.isEmpty() && all.get(all.size() - 1) instanceof Ack a ? all.remove(all.size() - 1) : null;
        String name = String.valueOf(all.remove(0));
        events.add(new EventLog.Event(name, plainList(all.toArray()), ack));
    }

    // ---------------------------------------------------------------- values

    /** A JSON object of the client library, built from JSON text. */
    public static JSONObject json(String text) {
        try {
            return new JSONObject(text);
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Object> plainList(Object[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(plain(v));
        }
        return list;
    }

    /** Turns the client library's JSON values into plain Java ones. */
    static Object plain(Object value) {
        try {
            if (value == JSONObject.NULL) {
                return null;
            }
            if (value instanceof JSONObject o) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<?> it = o.keys(); it.hasNext(); ) {
                    String key = (String) it.next();
                    map.put(key, plain(o.get(key)));
                }
                return map;
            }
            if (value instanceof JSONArray a) {
                List<Object> list = new ArrayList<>(a.length());
                for (int i = 0; i < a.length(); i++) {
                    list.add(plain(a.get(i)));
                }
                return list;
            }
            return value;
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }
}
