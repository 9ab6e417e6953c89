package io.comet.http;

import io.comet.DisconnectReason;
import io.comet.Socket;
import io.comet.test.Await;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static io.comet.test.PollingSession.endpoint;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Bad input breaks nothing for the well-behaved clients")
class BadInputIsolationTest {
    private static final int MESSAGES = 200;
    private static final int MAX_PAYLOAD = 10_000;

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.maxPayload(MAX_PAYLOAD)).serving(InteropApp::install);

    /** A named bad request, sent by a stranger, and the status it must get. */
    private record BadRequest(String name, int status, Supplier<Response> send) {
    }

    private static RequestSpecification webSocketHandshake(RequestSpecification request) {
        return request.header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    /** Requests a stranger may send, some aimed at the victims' own session ids. */
    private static List<BadRequest> badRequests(String webSocketSid, String pollingSid) {
        List<BadRequest> list = new ArrayList<>(List.of(
                new BadRequest("no EIO", 400, () -> endpoint(server).get()),
                new BadRequest("unknown transport", 400, () -> endpoint(server, "carrier-pigeon").get()),
                new BadRequest("unknown sid", 400, () -> endpoint(server, "polling").queryParam("sid", "x").get()),
                new BadRequest("handshake by POST", 400, () -> endpoint(server, "polling").body("40").post()),
                new BadRequest("WebSocket without Upgrade", 400, () -> endpoint(server, "websocket").get()),
                new BadRequest("forbidden origin", 403, () -> endpoint(server, "polling").header("Origin", "https://evil.example").get()),
                new BadRequest("outside the path", 404, () -> RestAssured.given().baseUri(server.url()).get("/admin")),
                new BadRequest("poll on the WebSocket victim's sid", 400,
                        () -> endpoint(server, "polling").queryParam("sid", webSocketSid).get()),
                new BadRequest("garbage POST on the WebSocket victim's sid", 400,
                        () -> endpoint(server, "polling").queryParam("sid", webSocketSid).body("garbage").post()),
                new BadRequest("PUT on the polling victim's sid", 400,
                        () -> endpoint(server, "polling").queryParam("sid", pollingSid).body("1").put()),
                new BadRequest("WebSocket without Upgrade on the polling victim's sid", 400,
                        () -> endpoint(server, "websocket").queryParam("sid", pollingSid).get())));
        // the stranger's own session, broken in every way the protocol closes a session for
        PollingSession malformed = PollingSession.open(server);
        list.add(new BadRequest("malformed payload", 400, () -> malformed.post("not a payload")));
        PollingSession oversized = PollingSession.open(server);
        list.add(new BadRequest("oversized body", 413, () -> oversized.post("4" + "x".repeat(MAX_PAYLOAD))));
        PollingSession garbled = PollingSession.open(server);
        // well-formed HTTP and Engine.IO: accepted, and the Socket.IO layer closes that session
        list.add(new BadRequest("undecodable Socket.IO packet", 200, () -> garbled.post("42{}")));
        return list;
    }

    /** Chats with itself through the echo handler; completes with the echoed numbers in arrival order. */
    private static CompletableFuture<List<Object>> chat(JavaClient client) {
        return CompletableFuture.supplyAsync(() -> {
            IntStream.range(0, MESSAGES).forEach(i -> client.emit("echo", i));
            try {
                return client.events().first(MESSAGES, "echo", Await.TIMEOUT).stream().map(e -> e.arg(0)).toList();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static CompletableFuture<DisconnectReason> disconnection(JavaClient client) {
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        Socket socket = server.sockets().socket(client.id()).orElseThrow();
        socket.onDisconnect(reason::complete);
        return reason;
    }

    @Test
    @DisplayName("clients chatting over WebSocket and polling get every event while strangers send bad requests")
    void wellBehavedClientsCarryOn() {
        try (JavaClient webSocket = JavaClient.connect(server, Transports.WEBSOCKET);
             JavaClient polling = JavaClient.connect(server, Transports.POLLING)) {
            CompletableFuture<DisconnectReason> webSocketGone = disconnection(webSocket);
            CompletableFuture<DisconnectReason> pollingGone = disconnection(polling);
            List<BadRequest> badRequests = badRequests(webSocket.engineSid(), polling.engineSid());

            CompletableFuture<List<Object>> webSocketChat = chat(webSocket);
            CompletableFuture<List<Object>> pollingChat = chat(polling);
            List<Response> answers = badRequests.stream().map(r -> r.send().get()).toList();
            try (RawWebSocket intruder = RawWebSocket.open(server, webSocket.engineSid())) {
                intruder.awaitClosed(); // a second WebSocket for the victim's sid is closed after its handshake
            }

            List<Integer> expected = IntStream.range(0, MESSAGES).boxed().toList();
            assertEquals(expected, Await.await(webSocketChat, "the WebSocket client's echoes"));
            assertEquals(expected, Await.await(pollingChat, "the polling client's echoes"));
            assertAll(IntStream.range(0, badRequests.size()).mapToObj(i -> () ->
                    assertEquals(badRequests.get(i).status(), answers.get(i).statusCode(), badRequests.get(i).name())));
            assertEquals(List.of("after"), webSocket.ask("echo-ack", "after"));
            assertEquals(List.of("after"), polling.ask("echo-ack", "after"));
            assertTrue(webSocket.connected() && polling.connected());
            assertFalse(webSocketGone.isDone(), "the WebSocket client's socket was disconnected");
            assertFalse(pollingGone.isDone(), "the polling client's socket was disconnected");
        }
    }
}
