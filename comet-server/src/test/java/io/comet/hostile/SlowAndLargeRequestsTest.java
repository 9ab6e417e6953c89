package io.comet.hostile;

import io.comet.CometServer;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import io.restassured.specification.RequestSpecification;
import io.undertow.Undertow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.comet.delivery.SlowConsumerMemoryTest.liveHeap;
import static io.comet.http.Refusals.assertRefused;
import static io.comet.test.PollingSession.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, cases 5 and 6: request heads that are too large, and requests that never finish. A head
 * over {@code maxHeaderBytes} is refused before anything of it is kept; an unfinished head, a silent
 * connection and a body that stops are each closed after their timeout (short here), never left open.
 */
@DisplayName("Large and slow requests")
class SlowAndLargeRequestsTest {
    private static final Duration PARSE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration BODY_TIMEOUT = Duration.ofMillis(500);
    /** Far longer than either timeout, far shorter than a test that hangs. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final String TOO_LARGE = "{\"code\":3,\"message\":\"Request headers too large\"}";

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.requestTimeouts(PARSE_TIMEOUT, BODY_TIMEOUT)
            .pingInterval(1_500).pingTimeout(10_000));
    @RegisterExtension
    static final TestServer defaults = TestServer.with(b -> b.pingInterval(60_000));

    /** {@code count} headers {@code X-Filler-i} whose lines add up to about {@code bytes}. */
    private static RequestSpecification withHeaders(RequestSpecification request, int bytes, int count) {
        for (int i = 0; i < count; i++) {
            request.header("X-Filler-" + i, "x".repeat(bytes / count));
        }
        return request;
    }

    @Test
    @DisplayName("case 5: request headers over 64 KiB in total get 431 with the JSON reason; under it they are admitted")
    void headersOverTheLimit() {
        assertRefused(withHeaders(endpoint(defaults, "polling"), MAX_HEADER_BYTES + 6_000, 10).get(),
                431, 3, "Request headers too large");

        withHeaders(endpoint(defaults, "polling"), MAX_HEADER_BYTES - 6_000, 10).get().then().statusCode(200);
    }

    @Test
    @DisplayName("case 5: a WebSocket handshake with headers over 64 KiB gets 431 with the JSON reason")
    void webSocketHandshakeOverTheLimit() {
        try (RawHttp http = RawHttp.connect(defaults)) {
            RawHttp.Reply reply = http.send(RawHttp.head(defaults, "GET", "transport=websocket", "Connection: Upgrade",
                    "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Cookie: " + "c".repeat(MAX_HEADER_BYTES))).reply();

            assertEquals(431, reply.status());
            assertEquals(TOO_LARGE, reply.body());
        }
    }

    @Test
    @DisplayName("case 5: 100 handshakes from one address with a 1 MB header each leave no retained heap (sessions would hold 100 MB)")
    void largeHeadersAreNotRetained() {
        String header = "X-Big: " + "b".repeat(1_000_000) + "\r\n";
        long before = liveHeap();
        for (int i = 0; i < 100; i++) {
            sendIgnoringReset(defaults, RawHttp.head(defaults, "GET", "transport=polling", "Connection: close")
                    .replace("\r\n\r\n", "\r\n" + header + "\r\n"));
        }
        long retained = liveHeap() - before;

        assertTrue(retained < 16L << 20, "retained " + (retained >> 20) + " MiB after 100 handshakes with 1 MB headers");
        // The server is still there for everyone else.
        PollingSession.open(defaults);
    }

    /** Sends a request and reads its answer; the server may refuse it before it is all written. */
    private static void sendIgnoringReset(TestServer server, String request) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) CLOSE_WITHIN.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            // refused and closed while the request was still being written, or reset after the refusal
        }
    }

    @Test
    @DisplayName("case 6: an unfinished request head (slowloris) is closed after the parse timeout")
    void unfinishedHeadIsClosed() {
        try (RawHttp http = RawHttp.connect(server)) {
            http.send("GET " + server.path() + "?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");

            assertTrue(http.awaitClosed(CLOSE_WITHIN), "an unfinished head still open after " + CLOSE_WITHIN);
        }
    }

    @Test
    @DisplayName("case 6: a connection that sends nothing is closed after the parse timeout")
    void silentConnectionIsClosed() {
        try (RawHttp http = RawHttp.connect(server)) {
            assertTrue(http.awaitClosed(CLOSE_WITHIN), "a silent connection still open after " + CLOSE_WITHIN);
        }
    }

    @Test
    @DisplayName("case 6: a POST that promised 1,000 bytes and sent 1 gets 408 with the JSON reason, and its connection is closed")
    void bodyThatStopsGets408() {
        String sid = PollingSession.open(server).sid();
        assertBodyTimesOut(server.port(), server.path(), sid);
    }

    @Test
    @DisplayName("case 6: a chunked POST whose last chunk never comes gets 408, and its connection is closed")
    void chunkedBodyThatNeverEndsGets408() {
        String sid = PollingSession.open(server).sid();
        try (RawHttp http = RawHttp.connect(server)) {
            http.send(RawHttp.head(server, "POST", "transport=polling&sid=" + sid, "Content-Type: text/plain",
                    "Transfer-Encoding: chunked") + "1\r\n4\r\n");

            RawHttp.Reply reply = http.reply();
            assertEquals(408, reply.status());
            assertTrue(http.awaitClosed(CLOSE_WITHIN), "the connection of a timed-out body is still open");
        }
    }

    @Test
    @DisplayName("case 6: a poll held longer than the parse timeout is answered, and its keep-alive connection is closed once idle for that long")
    void heldPollOutlivesTheParseTimeout() {
        String sid = PollingSession.open(server).sid();
        try (RawHttp http = RawHttp.connect(server)) {
            RawHttp.Reply poll = http.send(RawHttp.head(server, "GET", "transport=polling&sid=" + sid)).reply();
            assertEquals(200, poll.status());
            assertEquals("2", poll.body(), "the ping, after pingInterval (1.5 s) > the parse timeout");

            assertTrue(http.awaitClosed(CLOSE_WITHIN), "an idle keep-alive connection still open after " + CLOSE_WITHIN);
        }
    }

    @Test
    @DisplayName("case 6: the body timeout holds when the endpoint is mounted on the application's own Undertow listener")
    void bodyTimeoutWhenEmbedded() {
        CometServer comet = CometServer.builder().requestTimeouts(PARSE_TIMEOUT, BODY_TIMEOUT).build();
        Undertow own = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(comet.handler()).build();
        own.start();
        try {
            int port = ((InetSocketAddress) own.getListenerInfo().get(0).getAddress()).getPort();
            String path = comet.options().path();
            String sid;
            try (RawHttp http = RawHttp.connect(port)) {
                String open = http.send("GET " + path + "?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").reply().body();
                sid = open.replaceFirst("^0\\{\"sid\":\"([^\"]+)\".*", "$1");
            }
            assertBodyTimesOut(port, path, sid);
        } finally {
            own.stop();
            comet.stop(Duration.ZERO);
        }
    }

    private static void assertBodyTimesOut(int port, String path, String sid) {
        try (RawHttp http = RawHttp.connect(port)) {
            http.send("POST " + path + "?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\n4");

            RawHttp.Reply reply = http.reply();
            assertEquals(408, reply.status());
            assertEquals("application/json", reply.header("Content-Type"));
            assertEquals("{\"code\":3,\"message\":\"Request body timeout\"}", reply.body());
            assertTrue(http.awaitClosed(CLOSE_WITHIN), "the connection of a timed-out body is still open");
        }
    }
}
