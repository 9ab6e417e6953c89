package io.comet.hostile;

import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 5 of the hostile-input review: one client address opened sessions without end. Sessions are
 * capped in total and per client address; a handshake past a cap gets a status and a JSON reason, and
 * a closed session frees its place.
 */
@DisplayName("Hostile input: session caps")
class SessionLimitsTest {

    @Test
    @DisplayName("case 5: a handshake past the per-address cap gets 429 and a JSON reason; other addresses still connect")
    void perAddressCap() throws IOException {
        try (TestServer server = TestServer.with(b -> b.maxSessions(100, 2)).start()) {
            PollingSession.open(server);
            PollingSession.open(server);

            PollingSession.endpoint(server, "polling").get().then()
                    .statusCode(429).body("code", equalTo(3)).body("message", equalTo("Too many sessions from this address"));
            assertTrue(handshakeFrom("127.0.0.2", server.port(), server.path()).startsWith("HTTP/1.1 200"),
                    "a handshake from another address is still answered");
        }
    }

    @Test
    @DisplayName("case 5: a handshake past the total cap gets 503 and a JSON reason, over WebSocket too")
    void totalCap() {
        try (TestServer server = TestServer.with(b -> b.maxSessions(2, 100)).start()) {
            PollingSession.open(server);
            PollingSession.open(server);

            PollingSession.endpoint(server, "polling").get().then()
                    .statusCode(503).body("code", equalTo(3)).body("message", equalTo("Too many sessions"));
            PollingSession.endpoint(server, "websocket").header("Connection", "Upgrade").header("Upgrade", "websocket")
                    .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .get().then().statusCode(503).body("message", equalTo("Too many sessions"));
        }
    }

    @Test
    @DisplayName("case 5: a session that closed frees its place under the cap")
    void closedSessionFreesItsPlace() {
        try (TestServer server = TestServer.with(b -> b.maxSessions(100, 1)).start()) {
            CompletableFuture<Object> gone = new CompletableFuture<>();
            server.sockets().onConnection(socket -> socket.onDisconnect(reason -> gone.complete(reason)));
            try (RawWebSocket ws = RawWebSocket.open(server, null)) {
                ws.receive();
                ws.send("40");
                ws.receive();
                PollingSession.endpoint(server, "polling").get().then().statusCode(429);
            }
            await(gone, "the closed session's disconnect");

            PollingSession.open(server); // would throw if refused
        }
    }

    /** A polling handshake over a socket bound to {@code local}, another loopback address; the status line. */
    private static String handshakeFrom(String local, int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + "?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("");
        }
    }
}
