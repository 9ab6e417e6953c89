package io.comet.hostile;

import io.comet.DisconnectReason;
import io.comet.test.Await;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, cases 1 and 4: every message on every transport is bounded by {@code maxPayload} before more
 * than that is buffered, and so are the attachments of a binary packet, in number and in total size.
 */
@DisplayName("Oversized messages are refused before they are buffered")
class OversizedMessagesTest {
    private static final int MAX_PAYLOAD = 1_000_000;
    private static final int MAX_ATTACHMENTS = 10;
    private static final int MESSAGE_TOO_BIG = 1009;
    private static final String TOO_LARGE_JSON = "{\"code\":3,\"message\":\"Payload too large\"}";
    private static final String PLACEHOLDER = "{\"_placeholder\":true,\"num\":%d}";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** What the {@code upload} handler received: the sizes of its binary arguments. */
    private static final CompletableFuture<List<Integer>> uploaded = new CompletableFuture<>();

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.maxPayload(MAX_PAYLOAD).maxAttachments(MAX_ATTACHMENTS))
            .serving(s -> {
                InteropApp.install(s);
                s.sockets().onConnection(socket -> socket.on("upload", (args, ack) ->
                        uploaded.complete(args.stream().map(a -> ((byte[]) a).length).toList())));
            });

    // ---------------------------------------------------------------- case 1: WebSocket

    @Test
    @DisplayName("case 1: a 2 MB WebSocket text message in one frame is closed with 1009")
    void textInOneFrame() {
        try (RawWebSocket ws = openEngine()) {
            ws.trySendFragment("4" + "x".repeat(2 * MAX_PAYLOAD), true);
            assertEquals(MESSAGE_TOO_BIG, ws.awaitClosed());
        }
    }

    // Each fragment is written only once the one before it has left, and the last one never: the server's
    // reads of the message run dry and wait for the next fragment, which is where Undertow 2.3.18 stops
    // counting, and only a server that counts fragments as they come refuses the message.
    @ParameterizedTest(name = "case 1: a WebSocket text message sent in fragments of {0} bytes, one at a time, is closed with 1009 once they add up to more than maxPayload, before its last one")
    @CsvSource({"500000, 3", "50000, 25"})
    void textInFragments(int fragmentSize, int fragments) {
        try (RawWebSocket ws = openEngine()) {
            boolean written = ws.trySendFragment("4", false);
            for (int i = 0; i < fragments && written; i++) {
                written = ws.trySendFragment("x".repeat(fragmentSize), false);
            }
            assertEquals(MESSAGE_TOO_BIG, ws.awaitClosed());
        }
    }

    @Test
    @DisplayName("case 1: a 2 MB WebSocket binary message is closed with 1009")
    void binaryMessage() {
        try (RawWebSocket ws = openEngine()) {
            ws.trySendBinary(new byte[2 * MAX_PAYLOAD]);
            assertEquals(MESSAGE_TOO_BIG, ws.awaitClosed());
        }
    }

    @Test
    @DisplayName("case 1: a WebSocket message of exactly maxPayload bytes is taken")
    void messageAtTheLimit() {
        try (RawWebSocket ws = openSocketIo()) {
            String prefix = "421[\"echo-ack\",\"";
            String suffix = "\"]";
            ws.send(prefix + "x".repeat(MAX_PAYLOAD - prefix.length() - suffix.length()) + suffix);
            assertTrue(ws.receive().startsWith("431[\"xxx"), "the acknowledgement of the message at the limit");
        }
    }

    @Test
    @DisplayName("case 1: after a WebSocket refusal another client on the same server still gets its echoes")
    void othersUnaffected() {
        try (JavaClient bystander = JavaClient.connect(server, Transports.WEBSOCKET);
             RawWebSocket ws = openEngine()) {
            CompletableFuture<DisconnectReason> bystanderGone = disconnection(bystander.id());
            ws.trySendFragment("4" + "x".repeat(2 * MAX_PAYLOAD), true);
            assertEquals(MESSAGE_TOO_BIG, ws.awaitClosed());
            assertEquals(List.of("still here"), bystander.ask("echo-ack", "still here"));
            assertFalse(bystanderGone.isDone(), "the bystander was disconnected");
        }
    }

    // ---------------------------------------------------------------- case 1: HTTP bodies

    @Test
    @DisplayName("case 1: a polling POST over maxPayload, by Content-Length, is refused with 413 and its JSON reason")
    void pollingBodyByLength() {
        PollingSession session = PollingSession.open(server);
        assertTooLarge(session.post("4" + "x".repeat(MAX_PAYLOAD)));
        assertSessionGone(session);
    }

    @Test
    @DisplayName("case 1: a chunked polling POST over maxPayload is refused with 413 and its JSON reason")
    void pollingBodyChunked() {
        PollingSession session = PollingSession.open(server);
        assertChunkedPostTooLarge(session, "text/plain; charset=UTF-8", "4" + "x".repeat(2 * MAX_PAYLOAD));
        assertSessionGone(session);
    }

    @Test
    @DisplayName("case 1: a form POST whose body is over three times maxPayload is refused with 413, by length and chunked")
    void formBodyOverTheWire() {
        String form = "d=4" + "%41".repeat(MAX_PAYLOAD + 1);
        PollingSession byLength = PollingSession.open(server);
        assertTooLarge(byLength.request().contentType("application/x-www-form-urlencoded").body(form).post());
        PollingSession chunked = PollingSession.open(server);
        assertChunkedPostTooLarge(chunked, "application/x-www-form-urlencoded", form);
        assertSessionGone(byLength);
        assertSessionGone(chunked);
    }

    @Test
    @DisplayName("case 1: a form POST whose decoded payload is over maxPayload is refused with 413")
    void formPayloadOverTheLimit() {
        PollingSession session = PollingSession.open(server);
        // 1.5 MB on the wire, under the limit for a form body, but 1.5 MB of payload once decoded.
        String form = "d=4" + "x".repeat(MAX_PAYLOAD * 3 / 2);
        assertTooLarge(session.request().contentType("application/x-www-form-urlencoded").body(form).post());
        assertSessionGone(session);
    }

    // ---------------------------------------------------------------- case 4: attachments

    @Test
    @DisplayName("case 4: a binary packet announcing more attachments than maxAttachments closes its connection with a parse error")
    void tooManyAttachments() {
        try (RawWebSocket ws = openSocketIo()) {
            ws.send("4" + attachmentsHeader(MAX_ATTACHMENTS + 1));
            assertEquals("1", ws.receive(), "the close packet");
            assertEquals(1000, ws.awaitClosed(), "a parse error is no size refusal");
        }
    }

    @Test
    @DisplayName("case 4: attachments whose total size exceeds maxPayload close a WebSocket with 1009 at the one that crosses it")
    void attachmentsOverTheTotalOnWebSocket() {
        try (RawWebSocket ws = openSocketIo()) {
            ws.send("4" + attachmentsHeader(3));
            ws.sendBinary(new byte[MAX_PAYLOAD / 2]);
            ws.trySendBinary(new byte[MAX_PAYLOAD / 2]);
            assertEquals(MESSAGE_TOO_BIG, ws.awaitClosed());
        }
    }

    @Test
    @DisplayName("case 4: attachments whose total size exceeds maxPayload over polling: the POST that crosses it gets 413")
    void attachmentsOverTheTotalOnPolling() {
        PollingSession session = PollingSession.open(server);
        String id = session.connect();
        CompletableFuture<DisconnectReason> gone = disconnection(id);
        String half = "b" + Base64.getEncoder().encodeToString(new byte[MAX_PAYLOAD * 2 / 5]);
        session.send("4" + attachmentsHeader(3), half);
        session.send(half);
        assertTooLarge(session.post(half));
        assertEquals(DisconnectReason.TRANSPORT_ERROR, Await.await(gone, "the disconnection"));
    }

    @Test
    @DisplayName("case 4: attachments within both limits are all delivered")
    void attachmentsWithinTheLimits() {
        try (RawWebSocket ws = openSocketIo()) {
            ws.send("4" + attachmentsHeader(MAX_ATTACHMENTS).replace("\"up\"", "\"upload\""));
            for (int i = 0; i < MAX_ATTACHMENTS; i++) {
                ws.sendBinary(new byte[MAX_PAYLOAD / (MAX_ATTACHMENTS + 1)]);
            }
            List<Integer> sizes = Await.await(uploaded, "the upload");
            assertEquals(MAX_ATTACHMENTS, sizes.size());
            assertTrue(sizes.stream().allMatch(n -> n == MAX_PAYLOAD / (MAX_ATTACHMENTS + 1)), sizes.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A BINARY_EVENT {@code up} announcing {@code n} attachments, one placeholder each. */
    private static String attachmentsHeader(int n) {
        StringBuilder sb = new StringBuilder("5").append(n).append("-[\"up\"");
        for (int i = 0; i < n; i++) {
            sb.append(',').append(String.format(PLACEHOLDER, i));
        }
        return sb.append(']').toString();
    }

    /** A WebSocket session that read its open packet. */
    private static RawWebSocket openEngine() {
        RawWebSocket ws = RawWebSocket.open(server, null);
        assertTrue(ws.receive().startsWith("0{"), "the open packet");
        return ws;
    }

    /** A WebSocket session that joined the main namespace. */
    private static RawWebSocket openSocketIo() {
        RawWebSocket ws = openEngine();
        ws.send("40");
        assertTrue(ws.receive().startsWith("40{"), "the CONNECT reply");
        return ws;
    }

    private static CompletableFuture<DisconnectReason> disconnection(String socketId) {
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        server.sockets().socket(socketId).orElseThrow().onDisconnect(reason::complete);
        return reason;
    }

    private static void assertTooLarge(Response response) {
        assertTooLarge(response.statusCode(), response.asString());
    }

    private static void assertTooLarge(int status, String body) {
        assertAll(() -> assertEquals(413, status), () -> assertEquals(TOO_LARGE_JSON, body));
    }

    /**
     * POSTs a body of unknown length, so that it goes chunked and only reading it tells its size. The
     * JDK's client, because REST Assured will not stream a form body.
     */
    private static void assertChunkedPostTooLarge(PollingSession session, String contentType, String body) {
        URI uri = URI.create(server.url() + server.path() + "?EIO=4&transport=polling&sid=" + session.sid());
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))).build();
        HttpResponse<String> response = Await.await(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()),
                "the answer to a chunked POST");
        assertTooLarge(response.statusCode(), response.body());
    }

    /** The refused session is closed: its id is unknown from now on. */
    private static void assertSessionGone(PollingSession session) {
        Response poll = session.get();
        assertEquals(400, poll.statusCode(), poll.asString());
    }
}
