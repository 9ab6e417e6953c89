package io.comet.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The property-based fuzzer of the HTTP edge: generated requests (methods, query parameters, sids live
 * and made up, origins, content types, WebSocket handshake headers, payloads from {@link HostileText},
 * form bodies, chunked bodies) sent byte for byte to a running server. Every one gets a status below 500
 * within the time allowed; a refusal of Comet's own is a short JSON reason; no reply holds a stack
 * trace; and a bystander client connected over WebSocket the whole time notices nothing. Time-boxed:
 * the tries left when the box is over are skipped, and the count printed says how many ran.
 */
@Label("Hostile input: the HTTP edge under generated requests")
class HttpEdgeFuzz {
    private static final int TRIES = 2_000;
    private static final long TIME_BOX_NANOS = 40_000_000_000L;
    private static final int REPLY_MILLIS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server;
    private static JavaClient bystander;
    private static long deadline;

    /** A generated request: its parts, the sid it uses decided when it is sent. */
    record Request(String method, String query, SidKind sid, List<String> headers, String body, boolean chunked) {
    }

    /** Which sid a request names: none, a session opened for it just before, or one made up. */
    enum SidKind { NONE, LIVE, MADE_UP, EMPTY }

    @BeforeContainer
    static void start() {
        server = TestServer.with(b -> b.pingInterval(300).pingTimeout(300).maxPayload(10_000)).serving(InteropApp::install).start();
        bystander = JavaClient.connect(server, JavaClient.Transports.WEBSOCKET);
        deadline = System.nanoTime() + TIME_BOX_NANOS;
    }

    @AfterContainer
    static void stop() {
        try {
            assertTrue(bystander.connected(), "the bystander stayed connected");
            assertEquals(List.of("still here"), bystander.ask("echo-ack", "still here"));
            FuzzCount.print("HTTP edge", "HTTP requests");
        } finally {
            bystander.close();
            server.close();
        }
    }

    @Property(tries = TRIES)
    @Label("a generated request gets a defined answer and breaks nothing")
    void aRequestGetsADefinedAnswer(@ForAll("requests") Request request) throws IOException {
        if (System.nanoTime() > deadline) {
            return;
        }
        String sid = switch (request.sid()) {
            case NONE -> null;
            case LIVE -> PollingSession.open(server).sid();
            case MADE_UP -> "AAAAAAAAAAAAAAAAAAAA";
            case EMPTY -> "";
        };
        byte[] bytes = render(request, sid);
        FuzzHttp.Reply reply = FuzzHttp.exchange(server.port(), bytes, REPLY_MILLIS);
        FuzzCount.add("HTTP requests", request.sid() == SidKind.LIVE ? 2 : 1);

        String what = new String(bytes, StandardCharsets.ISO_8859_1) + "\n--- answered ---\n" + reply.head() + "\n\n" + reply.body();
        if (reply.status() == -1) {
            // Only a stream or a WebSocket may still be open when the time is up; nothing may just hang up.
            assertTrue(reply.timedOut() && request.method().equals("GET") && sid != null && request.sid() == SidKind.LIVE,
                    "no answer to\n" + what);
            return;
        }
        assertTrue(reply.status() < 500, "a server error for\n" + what);
        assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat "), "a stack trace for\n" + what);
        if (reply.status() >= 400 && !"HEAD".equals(request.method())) {
            JsonNode reason = JSON.readTree(reply.body());
            assertTrue(reason.path("code").isInt() && reason.path("message").isTextual()
                    && reason.path("message").textValue().length() < 80, "not a short JSON reason for\n" + what);
        }
    }

    private static byte[] render(Request r, String sid) {
        StringBuilder head = new StringBuilder();
        String query = r.query() + (sid == null ? "" : "&sid=" + sid);
        head.append(r.method()).append(' ').append(server.path()).append('?').append(query).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(server.port()).append("\r\n");
        for (String h : r.headers()) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n");
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        if (r.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            int half = body.length / 2;
            head.append(chunk(body, 0, half)).append(chunk(body, half, body.length)).append("0\r\n\r\n");
            return head.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        if (body.length > 0 || r.method().equals("POST")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    private static String chunk(byte[] body, int from, int to) {
        return to == from ? "" : Integer.toHexString(to - from) + "\r\n"
                + new String(body, from, to - from, StandardCharsets.ISO_8859_1) + "\r\n";
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "GET", "GET", "POST", "POST", "POST", "OPTIONS", "PUT", "DELETE", "HEAD", "PATCH");
        Arbitrary<String> eio = Arbitraries.of("EIO=4", "EIO=4", "EIO=4", "EIO=3", "EIO=", "EIO=x", "", "EIO=4&EIO=3", "EIO=%34");
        Arbitrary<String> transport = Arbitraries.of("polling", "polling", "websocket", "jsonp-polling", "htmlfile", "eventsource",
                "xhr-streaming", "", "POLLING", "flashsocket", "%00", "polling%20");
        Arbitrary<String> extra = Arbitraries.of("", "", "&j=0", "&j=1", "&j=eval", "&j=-1", "&j=99999999999", "&offset=0", "&offset=-1",
                "&offset=zz", "&comet=1", "&comet=2", "&t=abc", "&b64=1", "&callback=alert", "&%zz=1", "&q=%E2%82%AC%", "&sid=x&sid=y");
        Arbitrary<String> query = Combinators.combine(eio, transport, extra).as((e, t, x) -> e + "&transport=" + t + x);
        Arbitrary<SidKind> sid = Arbitraries.of(SidKind.NONE, SidKind.NONE, SidKind.LIVE, SidKind.LIVE, SidKind.MADE_UP, SidKind.EMPTY);
        Arbitrary<String> header = Arbitraries.of(
                "Origin: http://evil.example", "Origin: null", "Origin: http://127.0.0.1", "Referer: http://evil.example/page",
                "Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: same-origin", "Content-Type: text/plain;charset=UTF-8",
                "Content-Type: application/x-www-form-urlencoded", "Content-Type: application/octet-stream",
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Key: x", "X-Forwarded-For: 1.2.3.4, evil",
                "Forwarded: for=\"[::1]\";proto=https", "Access-Control-Request-Method: POST", "Cookie: io=abc",
                "Accept: */*", "X-Junk: \u00ff\u00fe");
        Arbitrary<String> body = Arbitraries.oneOf(
                Arbitraries.just(""),
                HostileText.enginePayloads(),
                HostileText.socketPackets().map(p -> "4" + p),
                HostileText.socketPackets().map(p -> "d=" + URLEncoder.encode("4" + p, StandardCharsets.UTF_8)),
                Arbitraries.strings().withChars("d=%&+0123456789abcdef").ofMaxLength(40));
        return Combinators.combine(method, query, sid, header.list().ofMaxSize(5), body, Arbitraries.of(false, false, false, true))
                .as(Request::new);
    }
}
