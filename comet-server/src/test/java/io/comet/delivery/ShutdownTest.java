package io.comet.delivery;

import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.comet.test.PollingSession.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graceful stop: new sessions are refused, every queue is written out, and only then does each client
 * hear that the server is going away; nothing queued is dropped.
 */
@DisplayName("Graceful shutdown")
class ShutdownTest {
    private static final int EVENTS = 1000;

    @Test
    @DisplayName("stop(grace) writes every queued event, then the close packet, over WebSocket and polling; handshakes meanwhile get 503")
    void writesEverythingThenCloses() throws Exception {
        TestServer server = TestServer.with(b -> TestServer.withoutRecovery(b).pingInterval(60_000)).start();
        RawWebSocket ws = RawWebSocket.openWith(server, "");
        ws.receive();
        ws.send("40");
        ws.receive();
        PollingSession polling = PollingSession.open(server);
        polling.connect();
        for (int i = 0; i < EVENTS; i++) {
            server.server().emit("n", i);
        }
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.server().stop(Duration.ofSeconds(10)));

        List<String> overWebSocket = new ArrayList<>();
        for (String packet = ws.receive(); !packet.equals("1"); packet = ws.receive()) {
            overWebSocket.add(packet);
        }
        List<String> overPolling = new ArrayList<>();
        for (boolean closed = false; !closed; ) {
            for (String packet : PollingSession.packets(polling.poll())) {
                if (packet.equals("1")) {
                    closed = true;
                } else {
                    overPolling.add(packet);
                }
            }
            if (!closed) {
                assertEquals(503, endpoint(server, "polling").get().statusCode(), "no new session while stopping");
            }
        }
        List<String> expected = IntStream.range(0, EVENTS).mapToObj(i -> "42[\"n\"," + i + "]").toList();
        assertEquals(expected, overWebSocket, "every event over WebSocket, then the close packet");
        assertEquals(expected, overPolling, "every event over polling, then the close packet");
        stopped.get();
        assertTrue(stopped.isDone());
        assertEquals(-1, server.server().port(), "the listener stopped once everything was written");
    }
}
