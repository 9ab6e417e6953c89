package io.comet.http;

import io.comet.DisconnectReason;
import io.comet.test.Await;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;

import static io.comet.http.Refusals.assertSessionClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("The heartbeat")
class HeartbeatTest {
    private static final long PING_INTERVAL = 200;
    /** Generous, so the test's own next request always comes well before it runs out. */
    private static final long PING_TIMEOUT = 1_500;

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.pingInterval(PING_INTERVAL).pingTimeout(PING_TIMEOUT));

    @Test
    @DisplayName("the server pings every pingInterval, and each pong keeps the session open")
    void pongKeepsTheSessionOpen() {
        PollingSession session = PollingSession.open(server);

        for (int i = 0; i < 3; i++) {
            assertEquals("2", session.receive(), "ping " + i);
            session.send("3");
        }
        session.send("2");
        assertEquals("3", session.receive(), "the session still answers");
    }

    @Test
    @DisplayName("a client that does not answer a ping is closed after pingTimeout, and its sockets hear 'ping timeout'")
    void missingPongClosesTheSession() {
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        PollingSession session = PollingSession.open(server);
        String socketId = session.connect();
        server.sockets().socket(socketId).orElseThrow().onDisconnect(reason::complete);

        assertEquals("2", session.receive());
        assertEquals("1", session.receive(), "the waiting GET is answered with a close packet");

        assertSessionClosed(session.get());
        assertEquals(DisconnectReason.PING_TIMEOUT, Await.await(reason, "the disconnection"));
    }
}
