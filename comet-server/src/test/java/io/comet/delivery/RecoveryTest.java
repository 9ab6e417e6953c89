package io.comet.delivery;

import io.comet.Socket;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Connection state recovery at the packet level: what a client that comes back with its {@code pid}
 * and last offset gets, in the cases where socket.io's own recovery falls short, and what a client
 * gets that has no claim to a state.
 */
@DisplayName("Connection state recovery")
class RecoveryTest {
    private static final Duration SHORT_WINDOW = Duration.ofMillis(1500);

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.pingInterval(60_000));

    /** A server whose recovery window is short enough to outlast in a test. */
    @RegisterExtension
    static final TestServer shortWindow = TestServer.with(b -> b.pingInterval(60_000).connectionStateRecovery(SHORT_WINDOW));

    private static final Map<TestServer, LinkedBlockingQueue<String>> disconnected = new ConcurrentHashMap<>();
    /** The latest socket object of each id, to emit on it while its client is away. */
    private static final Map<String, Socket> latest = new ConcurrentHashMap<>();

    @BeforeAll
    static void app() {
        for (TestServer s : List.of(server, shortWindow)) {
            LinkedBlockingQueue<String> gone = new LinkedBlockingQueue<>();
            disconnected.put(s, gone);
            s.sockets().onConnection(socket -> {
                latest.put(socket.id(), socket);
                if (!socket.recovered()) {
                    socket.data().put("first", socket.id());
                    socket.join("news");
                }
                socket.onDisconnect(reason -> gone.add(socket.id()));
            });
            s.server().of("/other").onConnection(socket -> { });
        }
    }

    /** The server's socket with that id: registered before its CONNECT reply is queued. */
    private static Socket socket(TestServer s, String id) {
        return s.sockets().socket(id).orElseThrow(() -> new AssertionError("no socket " + id));
    }

    /** Cuts the client and waits until the server has seen its socket go. */
    private static void cut(TestServer s, RawSocket client) throws InterruptedException {
        client.close();
        String id;
        do {
            id = disconnected.get(s).poll(10, TimeUnit.SECONDS);
            if (id == null) {
                fail("the server did not see " + client.sid + " go");
            }
        } while (!id.equals(client.sid));
    }

    @Test
    @DisplayName("a client cut before any event recovers, and gets what was sent meanwhile")
    void beforeAnyEvent() throws Exception {
        RawSocket first = RawSocket.connect(server, "{}");
        assertNotNull(first.pid, "the CONNECT reply carries a pid");
        cut(server, first);
        server.server().to("news").emit("ev", "while away");

        try (RawSocket again = RawSocket.connect(server, first.recoveryAuth(null))) {
            assertEquals(first.sid, again.sid, "the same socket id");
            assertEquals(first.pid, again.pid, "the same pid");
            assertEquals(List.of("while away"), again.event().args());
            Socket restored = socket(server, again.sid);
            assertTrue(restored.recovered());
            assertEquals(first.sid, restored.data().get("first"), "data() is restored");
            assertTrue(restored.rooms().contains("news"), "rooms are restored");
        }
    }

    @Test
    @DisplayName("five recoveries in a row each get exactly what was missed, in order, also private and acked emits")
    void fiveInARow() throws Exception {
        RawSocket client = RawSocket.connect(server, "{}");
        String sid = client.sid;
        String last = null;
        int n = 0;
        for (int round = 0; round < 5; round++) {
            server.server().to(sid).emit("ev", n++);
            RawSocket.Event got = client.event();
            assertEquals(List.of(n - 1), got.args());
            last = got.offset();
            cut(server, client);
            server.server().emit("ev", n++);
            latest.get(sid).emit("ev", n++); // a private emit on the socket object while its client is away
            client = RawSocket.connect(server, client.recoveryAuth(last));
            assertEquals(sid, client.sid, "round " + round + " recovered the same socket");
            List<RawSocket.Event> missed = client.events(2);
            assertEquals(List.of(List.of(n - 2), List.of(n - 1)), missed.stream().map(RawSocket.Event::args).toList());
        }
        client.close();
    }

    @Test
    @DisplayName("a socket quiet for longer than the window keeps its position")
    void quietSocket() throws Exception {
        RawSocket client = RawSocket.connect(shortWindow, "{}");
        shortWindow.server().to(client.sid).emit("ev", "old");
        String last = client.event().offset();
        // The passage of time is what is tested: connected, the socket hears nothing for longer than the window.
        Thread.sleep(SHORT_WINDOW.toMillis() + 300);
        cut(shortWindow, client);
        shortWindow.server().to(client.sid).emit("ev", "new");
        try (RawSocket again = RawSocket.connect(shortWindow, client.recoveryAuth(last))) {
            assertEquals(client.sid, again.sid, "recovered");
            assertEquals(List.of("new"), again.event().args());
        }
    }

    @Test
    @DisplayName("a client that comes back after the window gets a fresh socket")
    void expiredWindow() throws Exception {
        RawSocket client = RawSocket.connect(shortWindow, "{}");
        cut(shortWindow, client);
        // The passage of time is what is tested: the window runs out while the client is away.
        Thread.sleep(SHORT_WINDOW.toMillis() + 300);
        try (RawSocket again = RawSocket.connect(shortWindow, client.recoveryAuth(null))) {
            assertNotEquals(client.sid, again.sid);
            assertNotEquals(client.pid, again.pid);
            assertTrue(!socket(shortWindow, again.sid).recovered());
        }
    }

    @Test
    @DisplayName("a forged pid, another namespace's pid or a live socket's pid gives a fresh socket, never another's state")
    void foreignPids() throws Exception {
        try (RawSocket live = RawSocket.connect(server, "{}")) {
            var other = io.comet.test.RawWebSocket.openWith(server, "");
            other.receive();
            other.send("40/other,");
            String otherPid = RawSocket.json(RawSocket.expectPrefix(other.receive(), "40/other,")).path("pid").asText();
            for (String pid : List.of("forged-pid", otherPid, live.pid)) {
                try (RawSocket client = RawSocket.connect(server, "{\"pid\":\"" + pid + "\"}")) {
                    assertNotEquals(live.sid, client.sid, pid);
                    assertNotEquals(pid, client.pid, pid);
                    assertTrue(!socket(server, client.sid).recovered(), pid);
                }
            }
            server.server().to(live.sid).emit("ev", "still mine");
            assertEquals(List.of("still mine"), live.event().args(), "the live socket is untouched");
            other.cut();
        }
    }

    @Test
    @DisplayName("a polling client whose held poll was cut unnoticed recovers; one whose poll is alive keeps its socket")
    void unnoticedCutPoll() throws Exception {
        PollingSession cut = PollingSession.open(server);
        String cutReply = cut.connectReply();
        String cutSid = RawSocket.json(cutReply).path("sid").asText();
        String cutPid = RawSocket.json(cutReply).path("pid").asText();
        try (java.net.Socket poll = holdPoll(server, cut.sid())) {
            poll.setSoLinger(true, 0); // a reset the server does not read: it only learns of it by writing
        }
        try (RawSocket again = RawSocket.connect(server, "{\"pid\":\"" + cutPid + "\"}")) {
            assertEquals(cutSid, again.sid, "recovered: the dead poll gave its socket up");
        }

        PollingSession alive = PollingSession.open(server);
        String aliveReply = alive.connectReply();
        try (java.net.Socket poll = holdPoll(server, alive.sid())) {
            String alivePid = RawSocket.json(aliveReply).path("pid").asText();
            try (RawSocket thief = RawSocket.connect(server, "{\"pid\":\"" + alivePid + "\"}")) {
                assertNotEquals(RawSocket.json(aliveReply).path("sid").asText(), thief.sid, "a live poll keeps its socket");
            }
            String answer = new String(poll.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), "the live poll was answered (with a noop): " + answer);
        }
    }

    /** A poll on a raw socket, held by the server (nothing is queued for it). */
    private static java.net.Socket holdPoll(TestServer s, String sid) throws Exception {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", s.port());
        socket.getOutputStream().write(("GET " + s.path() + "?EIO=4&transport=polling&sid=" + sid
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        // The server holds it once it has read it; a POST answered after it proves it was read.
        PollingSession.endpoint(s, "polling").queryParam("sid", sid).body("6").post().then().statusCode(200);
        return socket;
    }

    @Test
    @DisplayName("a malformed pid or offset gives a fresh socket, and an unknown offset too: never a partial replay")
    void malformedOffsets() throws Exception {
        for (String auth : List.of("{\"pid\":42}", "{\"pid\":\"%s\",\"offset\":17}", "{\"pid\":\"%s\",\"offset\":\"no-such-offset\"}",
                "{\"pid\":\"%s\",\"offset\":{\"x\":1}}")) {
            RawSocket client = RawSocket.connect(server, "{}");
            cut(server, client);
            try (RawSocket again = RawSocket.connect(server, auth.formatted(client.pid))) {
                assertNotEquals(client.sid, again.sid, auth);
                assertTrue(!socket(server, again.sid).recovered(), auth);
            }
        }
    }

    @Test
    @DisplayName("the pid and offset are the server's: the application's auth does not see them")
    void authWithoutRecoveryFields() throws Exception {
        RawSocket client = RawSocket.connect(server, "{\"token\":\"t\"}");
        cut(server, client);
        try (RawSocket again = RawSocket.connect(server, "{\"token\":\"t\",\"pid\":\"" + client.pid + "\"}")) {
            assertEquals(Map.of("token", "t"), socket(server, again.sid).handshake().auth());
        }
    }
}
