package io.comet.transport;

import io.comet.DisconnectReason;
import io.comet.Socket;
import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery over WebSocket. The server's default ping interval is kept on purpose: no ping comes during a
 * test to wake a transport that stopped writing.
 */
@DisplayName("WebSocket delivery")
class WebSocketDeliveryTest {
    private static final int MAX_PAYLOAD = 1_000;

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> TestServer.withoutRecovery(b).maxPayload(MAX_PAYLOAD));

    private static List<String> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> "42[\"n\"," + i + "]").toList();
    }

    private static List<String> receive(RawWebSocket ws, int count) {
        List<String> received = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                received.add(ws.receive());
            }
        } catch (AssertionError e) {
            throw new AssertionError("received " + received.size() + " of " + count + " messages, then: " + e.getMessage());
        }
        return received;
    }

    @Test
    @DisplayName("everything queued during an upgrade arrives, in order, once the WebSocket takes over")
    void queuedDuringUpgrade() {
        int count = 200; // more than the frames the transport hands to Undertow at once
        PollingSession polling = PollingSession.open(server);
        Socket socket = server.sockets().socket(polling.connect()).orElseThrow();
        try (RawWebSocket ws = RawWebSocket.open(server, polling.sid())) {
            ws.send("2probe");
            assertEquals("3probe", ws.receive());
            IntStream.range(0, count).forEach(i -> socket.emit("n", i));

            ws.send("5");

            assertEquals(events(count), receive(ws, count));
        }
    }

    @Test
    @DisplayName("a burst of events on a WebSocket session arrives complete and in order")
    void burst() {
        int count = 2_000;
        try (RawWebSocket ws = RawWebSocket.open(server, null)) {
            assertTrue(ws.receive().startsWith("0{"));
            ws.send("40");
            String reply = ws.receive();
            Socket socket = server.sockets().socket(reply.substring("40{\"sid\":\"".length(), reply.length() - 2)).orElseThrow();

            IntStream.range(0, count).forEach(i -> socket.emit("n", i));

            assertEquals(events(count), receive(ws, count));
        }
    }

    @Test
    @DisplayName("a message over maxPayload ends the connection")
    void messageOverMaxPayload() {
        try (RawWebSocket ws = RawWebSocket.open(server, null)) {
            assertTrue(ws.receive().startsWith("0{"));
            ws.send("40");
            String reply = ws.receive();
            CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
            server.sockets().socket(reply.substring("40{\"sid\":\"".length(), reply.length() - 2)).orElseThrow()
                    .onDisconnect(reason::complete);

            ws.send("42[\"big\",\"" + "x".repeat(MAX_PAYLOAD) + "\"]");

            ws.awaitClosed();
            await(reason, "the socket to disconnect");
        }
    }
}
