package io.comet.http;

import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.comet.test.Await.await;
import static io.comet.http.Refusals.assertRefused;
import static io.comet.http.Refusals.assertSessionClosed;
import static io.comet.test.PollingSession.endpoint;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Bad requests are refused with their status and JSON reason")
class ErrorRepliesTest {
    private static final int MAX_PAYLOAD = 1_000;

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.maxPayload(MAX_PAYLOAD));

    private static Arguments refusal(String request, int status, int code, String message,
                                     Function<TestServer, Response> send) {
        return Arguments.of(request, status, code, message, send);
    }

    private static RequestSpecification webSocketHandshake(RequestSpecification request) {
        return request.header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("no EIO", 400, 5, "Unsupported protocol version",
                        s -> endpoint(s).queryParam("transport", "polling").get()),
                refusal("EIO=3", 400, 5, "Unsupported protocol version",
                        s -> endpoint(s).queryParam("EIO", 3).queryParam("transport", "polling").get()),
                refusal("EIO=abc", 400, 5, "Unsupported protocol version",
                        s -> endpoint(s).queryParam("EIO", "abc").queryParam("transport", "polling").get()),
                refusal("no transport", 400, 0, "Transport unknown",
                        s -> endpoint(s).queryParam("EIO", 4).get()),
                refusal("transport=flashsocket", 400, 0, "Transport unknown",
                        s -> endpoint(s, "flashsocket").get()),
                refusal("unknown sid on a poll", 400, 1, "Session ID unknown",
                        s -> endpoint(s, "polling").queryParam("sid", "unknown").get()),
                refusal("unknown sid on a POST", 400, 1, "Session ID unknown",
                        s -> endpoint(s, "polling").queryParam("sid", "unknown").body("40").post()),
                refusal("unknown sid on a WebSocket handshake", 400, 1, "Session ID unknown",
                        s -> webSocketHandshake(endpoint(s, "websocket").queryParam("sid", "unknown")).get()),
                refusal("handshake by POST", 400, 2, "Bad handshake method",
                        s -> endpoint(s, "polling").body("40").post()),
                refusal("handshake by PUT", 400, 2, "Bad handshake method",
                        s -> endpoint(s, "polling").body("40").put()),
                refusal("WebSocket handshake without Upgrade header", 400, 3, "Bad request",
                        s -> endpoint(s, "websocket").get()),
                refusal("WebSocket handshake upgrading to another protocol", 400, 3, "Bad request",
                        s -> endpoint(s, "websocket").header("Connection", "Upgrade").header("Upgrade", "h2c").get()),
                refusal("WebSocket handshake by POST", 400, 3, "Bad request",
                        s -> webSocketHandshake(endpoint(s, "websocket")).body("x").post()));
    }

    @ParameterizedTest(name = "{0}: {1} code {2}")
    @MethodSource("refusals")
    void refusesWithoutASession(String request, int status, int code, String message, Function<TestServer, Response> send) {
        assertRefused(send.apply(server), status, code, message);
    }

    @Test
    @DisplayName("PUT on a session: 400 code 3, and the session goes on")
    void putOnASession() {
        PollingSession session = PollingSession.open(server);

        assertRefused(session.request().body("2").put(), 400, 3, "Bad request");

        session.send("2");
        assertEquals("3", session.receive());
    }

    @ParameterizedTest(name = "payload \"{0}\"")
    @ValueSource(strings = {"x", "", "4a\u001e", "\u001e", "8", "bA"})
    @DisplayName("a malformed payload: 400 code 3, and the session is closed")
    void malformedPayload(String payload) {
        PollingSession session = PollingSession.open(server);

        assertRefused(session.post(payload), 400, 3, "Malformed payload");

        assertSessionClosed(session.get());
    }

    @Test
    @DisplayName("a second concurrent GET: 400 code 3, the first GET is answered with a close packet, the session is closed")
    void duplicatePoll() {
        PollingSession session = PollingSession.open(server);

        // Whichever of the two arrives first is held; the other is the duplicate.
        CompletableFuture<Response> one = CompletableFuture.supplyAsync(session::get);
        CompletableFuture<Response> two = CompletableFuture.supplyAsync(session::get);
        List<Response> answers = List.of(await(one, "the first poll"), await(two, "the second poll"));

        Response refused = answers.stream().filter(r -> r.statusCode() != 200).findFirst()
                .orElseThrow(() -> new AssertionError("both polls were answered 200: " + answers.get(0).asString()
                        + " / " + answers.get(1).asString()));
        Response held = answers.get(refused == answers.get(0) ? 1 : 0);
        assertRefused(refused, 400, 3, "Duplicate poll request");
        held.then().statusCode(200).body(equalTo("1"));
        assertSessionClosed(session.get());
    }

    @Test
    @DisplayName("a body of exactly maxPayload bytes is accepted")
    void bodyAtTheLimit() {
        PollingSession session = PollingSession.open(server);
        String packet = "42[\"x\",\"\"]";
        String body = "42[\"x\",\"" + "a".repeat(MAX_PAYLOAD - packet.length()) + "\"]";
        assertEquals(MAX_PAYLOAD, body.getBytes(StandardCharsets.UTF_8).length);

        session.post(body).then().statusCode(200).body(equalTo("ok"));
    }

    @Test
    @DisplayName("a body over maxPayload by Content-Length: 413, and the session is closed")
    void bodyTooLargeByContentLength() {
        PollingSession session = PollingSession.open(server);

        assertRefused(session.post("4" + "a".repeat(MAX_PAYLOAD)), 413, 3, "Payload too large");

        assertSessionClosed(session.get());
    }

    @Test
    @DisplayName("a chunked body over maxPayload: 413, and the session is closed")
    void bodyTooLargeChunked() throws Exception {
        PollingSession session = PollingSession.open(server);
        byte[] body = ("4" + "a".repeat(MAX_PAYLOAD)).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + server.path() + "?EIO=4&transport=polling&sid=" + session.sid()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain; charset=UTF-8")
                // a publisher of unknown length: the body goes out with Transfer-Encoding: chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode(), response.body());
        assertEquals("{\"code\":3,\"message\":\"Payload too large\"}", response.body());
        assertSessionClosed(session.get());
    }
}
