package io.comet.transport;

import io.comet.test.InteropApp;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP fallback transports Comet adds to Engine.IO: xhr-streaming, eventsource, htmlfile and
 * jsonp-polling, spoken raw over HTTP as docs/protocol.md defines them.
 */
@DisplayName("Fallback transports on the wire")
class StreamingTransportsTest {
    /** A message that must arrive as text on every transport and run nothing. */
    static final String HOSTILE = "</script><script>alert(1)</script> <!-- \u2028 \u2029 'q' \"dq\" & \\";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern XHR_FRAME = Pattern.compile("(\\d+):(\\d+):(.*)", Pattern.DOTALL);
    private static final Pattern SCRIPT_FRAME = Pattern.compile("<script>p\\((\\d+),(\"[^\"]*\")\\);</script>");

    @RegisterExtension
    static final TestServer server = TestServer.with(TestServer::withoutRecovery).serving(comet -> {
        InteropApp.install(comet);
        comet.sockets().onConnection(socket -> socket.on("flood", (args, ack) -> {
            int count = ((Number) args.get(0)).intValue();
            String filler = "x".repeat(((Number) args.get(1)).intValue());
            for (int i = 0; i < count; i++) {
                socket.emit("e", i, filler);
            }
        }));
    });

    private static String url(String transport, String extra) {
        return server.url() + server.path() + "?EIO=4&transport=" + transport + extra;
    }

    private static HttpResponse<String> post(String transport, String sid, String contentType, String body) throws Exception {
        HttpRequest request = HttpStream.fromOwnPage(url(transport, "&sid=" + sid))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpStream.fromOwnPage(url);
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sidOf(String openPacket) {
        Matcher m = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(openPacket);
        assertTrue(m.find(), openPacket);
        return m.group(1);
    }

    /** Undoes {@code JsEscaper.literal}: the quotes and every backslash-u escape. */
    static String unescapeLiteral(String literal) {
        assertTrue(literal.startsWith("\"") && literal.endsWith("\""), literal);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c == '\\') {
                assertEquals('u', literal.charAt(i + 1), "only \\u escapes are written");
                sb.append((char) Integer.parseInt(literal.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** One packet read from a stream, with its offset. */
    record Frame(long offset, String packet) {
    }

    /** Reads xhr-streaming frames, checking each announced length. */
    static Frame nextXhrFrame(HttpStream stream) throws InterruptedException {
        String line = stream.nextContent();
        if (line.equals(HttpStream.END)) {
            return null;
        }
        Matcher m = XHR_FRAME.matcher(line.strip());
        assertTrue(m.matches(), line);
        assertEquals(Integer.parseInt(m.group(2)), m.group(3).length(), "announced length of " + line);
        return new Frame(Long.parseLong(m.group(1)), m.group(3));
    }

    /** Reads the next Socket.IO event frame, skipping pings. */
    static Frame nextEvent(HttpStream stream) throws InterruptedException {
        Frame f;
        do {
            f = nextXhrFrame(stream);
        } while (f != null && !f.packet().startsWith("42"));
        return f;
    }

    @Nested
    @DisplayName("xhr-streaming")
    class XhrStreaming {
        @Test
        @DisplayName("opens with padding, the open packet at offset 0 and a noop at offset 1, never cached")
        void opens() throws Exception {
            try (HttpStream stream = HttpStream.open(url("xhr-streaming", ""))) {
                assertEquals(200, stream.status());
                assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                assertEquals("no-store", stream.headers().firstValue("Cache-Control").orElse(""));
                assertEquals("nosniff", stream.headers().firstValue("X-Content-Type-Options").orElse(""));
                assertTrue(stream.nextLine().isBlank(), "padding comes first");
                Frame open = nextXhrFrame(stream);
                assertEquals(0, open.offset());
                assertTrue(open.packet().startsWith("0{") && open.packet().contains("\"upgrades\":[\"websocket\"]"), open.packet());
                assertEquals(new Frame(1, "6"), nextXhrFrame(stream));
            }
        }

        @Test
        @DisplayName("carries the client's packets up by POST and the server's down the stream")
        void carriesBothWays() throws Exception {
            try (HttpStream stream = HttpStream.open(url("xhr-streaming", ""))) {
                String sid = sidOf(nextXhrFrame(stream).packet());
                nextXhrFrame(stream);
                assertEquals("ok", post("xhr-streaming", sid, "text/plain;charset=UTF-8", "40").body());
                assertTrue(nextXhrFrame(stream).packet().startsWith("40{\"sid\":"));
                post("xhr-streaming", sid, "text/plain;charset=UTF-8", "42[\"echo\"," + json(HOSTILE) + "]");
                assertEquals("42[\"echo\"," + json(HOSTILE) + "]", nextEvent(stream).packet());
            }
        }

        @Test
        @DisplayName("a cut stream resumes at the offset the client names: nothing lost, nothing skipped")
        void resumesAfterACut() throws Exception {
            String sid;
            try (HttpStream first = HttpStream.open(url("xhr-streaming", ""))) {
                sid = sidOf(nextXhrFrame(first).packet());
                nextXhrFrame(first);
                post("xhr-streaming", sid, "text/plain", "40");
                assertEquals(2, nextXhrFrame(first).offset());
            } // the connection is cut here
            post("xhr-streaming", sid, "text/plain", "42[\"flood\",50,10]");
            List<Frame> got = new ArrayList<>();
            try (HttpStream second = HttpStream.open(url("xhr-streaming", "&sid=" + sid + "&offset=3"))) {
                while (got.size() < 50) {
                    got.add(nextEvent(second));
                }
            }
            assertEvents(got, 0, 50);
            // a client that lost part of that answer names an earlier offset and gets it all again
            try (HttpStream third = HttpStream.open(url("xhr-streaming", "&sid=" + sid + "&offset=" + got.get(40).offset()))) {
                Frame again = nextEvent(third);
                assertEquals(got.get(40), again);
            }
        }

        @Test
        @DisplayName("a response ends after its byte budget and the next one continues where it stopped")
        void endsAfterTheByteBudget() throws Exception {
            List<Frame> got = new ArrayList<>();
            String sid;
            long next;
            try (HttpStream first = HttpStream.open(url("xhr-streaming", ""))) {
                sid = sidOf(nextXhrFrame(first).packet());
                nextXhrFrame(first);
                post("xhr-streaming", sid, "text/plain", "40");
                nextXhrFrame(first);
                post("xhr-streaming", sid, "text/plain", "42[\"flood\",400,1000]");
                Frame f;
                while ((f = nextEvent(first)) != null) {
                    got.add(f);
                }
                assertTrue(got.size() < 400, "the first response ended early: " + got.size());
                next = got.get(got.size() - 1).offset() + 1;
            }
            try (HttpStream second = HttpStream.open(url("xhr-streaming", "&sid=" + sid + "&offset=" + next))) {
                while (got.size() < 400) {
                    got.add(nextEvent(second));
                }
            }
            assertEvents(got, 0, 400);
        }

        private void assertEvents(List<Frame> frames, int from, int count) {
            for (int i = 0; i < count; i++) {
                assertTrue(frames.get(i).packet().startsWith("42[\"e\"," + (from + i) + ","), frames.get(i).packet());
                if (i > 0) {
                    assertEquals(frames.get(i - 1).offset() + 1, frames.get(i).offset(), "consecutive offsets");
                }
            }
        }
    }

    @Nested
    @DisplayName("eventsource")
    class EventSource {
        @Test
        @DisplayName("sends each packet as an event whose id is its offset, and resumes after Last-Event-ID")
        void eventsWithOffsets() throws Exception {
            String sid;
            try (HttpStream stream = HttpStream.open(url("eventsource", ""))) {
                assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
                assertEquals("retry: 1000", stream.nextContent());
                assertTrue(stream.nextContent().startsWith(":"), "a padding comment");
                assertEquals("id: 0", stream.nextContent());
                String open = stream.nextContent();
                assertTrue(open.startsWith("data: 0{"), open);
                sid = sidOf(open);
                assertEquals("id: 1", stream.nextContent());
                assertEquals("data: 6", stream.nextContent());
                post("eventsource", sid, "text/plain", "40");
                assertEquals("id: 2", stream.nextContent());
                assertTrue(stream.nextContent().startsWith("data: 40{"));
            }
            post("eventsource", sid, "text/plain", "42[\"echo\",\"after the cut\"]");
            try (HttpStream resumed = HttpStream.open(url("eventsource", "&sid=" + sid), Map.of("Last-Event-ID", "2"))) {
                assertTrue(resumed.nextContent().startsWith("retry"));
                resumed.nextContent();
                assertEquals("id: 3", resumed.nextContent());
                assertEquals("data: 42[\"echo\",\"after the cut\"]", resumed.nextContent());
            }
        }

        @Test
        @DisplayName("refuses a malformed Last-Event-ID with 400")
        void refusesBadLastEventId() throws Exception {
            String sid = sidOf(get(url("polling", ""), Map.of()).body());
            HttpResponse<String> response = get(url("eventsource", ""), Map.of("Last-Event-ID", "not a number"));
            assertEquals(400, response.statusCode());
            assertFalse(sid.isEmpty());
        }
    }

    @Nested
    @DisplayName("htmlfile")
    class HtmlFile {
        @ParameterizedTest(name = "cb={0}")
        @ValueSource(strings = {"", "alert(1)", "a.b", "1abc", "x%3Cscript%3E"})
        @DisplayName("refuses a callback that is not a plain identifier")
        void refusesBadCallbacks(String cb) throws Exception {
            HttpResponse<String> response = get(url("htmlfile", cb.isEmpty() ? "" : "&cb=" + cb), Map.of());
            assertEquals(400, response.statusCode());
            assertTrue(response.body().startsWith("{\"code\":3"), response.body());
        }

        @Test
        @DisplayName("hands every packet to the parent's callback as an escaped literal that cannot break out")
        void scriptsPerPacket() throws Exception {
            try (HttpStream stream = HttpStream.open(url("htmlfile", "&cb=comet_cb1"))) {
                assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
                assertEquals("nosniff", stream.headers().firstValue("X-Content-Type-Options").orElse(""));
                assertTrue(stream.nextContent().contains("parent.comet_cb1"));
                stream.nextContent(); // padding comment
                String sid = sidOf(unescapeLiteral(scriptFrame(stream.nextContent()).group(2)));
                scriptFrame(stream.nextContent());
                post("htmlfile", sid, "text/plain", "40");
                scriptFrame(stream.nextContent());
                post("htmlfile", sid, "text/plain", "42[\"echo\"," + json(HOSTILE) + "]");
                String line = stream.nextContent();
                Matcher frame = scriptFrame(line);
                assertFalse(frame.group(2).contains("<") || frame.group(2).contains(">") || frame.group(2).contains("\u2028"));
                assertEquals("42[\"echo\"," + json(HOSTILE) + "]", unescapeLiteral(frame.group(2)));
            }
        }

        @Test
        @DisplayName("answers a client's ping with a pong down the stream, at the next offset (how comet.js tells a live stream from a dead one)")
        void answersPings() throws Exception {
            try (HttpStream stream = HttpStream.open(url("htmlfile", "&cb=comet_cb2&comet=1"))) {
                stream.nextContent(); // prelude
                stream.nextContent(); // padding comment
                String sid = sidOf(unescapeLiteral(scriptFrame(stream.nextContent()).group(2)));
                assertEquals("1", scriptFrame(stream.nextContent()).group(1));
                assertEquals("ok", post("htmlfile", sid, "text/plain", "2").body());
                Matcher pong = scriptFrame(stream.nextContent());
                assertEquals("2", pong.group(1));
                assertEquals("3", unescapeLiteral(pong.group(2)));
            }
        }

        private Matcher scriptFrame(String line) {
            Matcher m = SCRIPT_FRAME.matcher(line);
            assertTrue(m.matches(), "one script per packet: " + line);
            return m;
        }
    }

    @Nested
    @DisplayName("jsonp-polling")
    class JsonpPolling {
        @ParameterizedTest(name = "callback={0}")
        @ValueSource(strings = {"", "a.b", "alert(1)", "1234567890", "x;y", "%E2%80%A8", "eval", "onComet_1"})
        @DisplayName("refuses a callback that is not an index: no function name of the client's choosing")
        void refusesBadCallbacks(String callback) throws Exception {
            HttpResponse<String> response = get(url("jsonp-polling", callback.isEmpty() ? "" : "&callback=" + callback), Map.of());
            assertEquals(400, response.statusCode());
        }

        @Test
        @DisplayName("answers a script calling ___eio[index], never cached or sniffed")
        void answersScripts() throws Exception {
            HttpResponse<String> indexed = get(url("jsonp-polling", "&callback=3"), Map.of());
            assertEquals(200, indexed.statusCode());
            assertTrue(indexed.headers().firstValue("Content-Type").orElse("").startsWith("application/javascript"));
            assertEquals("nosniff", indexed.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("no-store", indexed.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(indexed.body().startsWith("___eio[3](\"0{") && indexed.body().endsWith("\");"), indexed.body());
        }

        @Test
        @DisplayName("takes packets from a form post and answers hostile text escaped")
        void formPostsAndEscaping() throws Exception {
            HttpResponse<String> open = get(url("jsonp-polling", "&callback=0"), Map.of());
            assertEquals(200, open.statusCode());
            String sid = sidOf(unescapeLiteral(open.body().substring("___eio[0](".length(), open.body().length() - 2)));
            String form = "d=" + java.net.URLEncoder.encode("40\u001e42[\"echo\"," + json(HOSTILE) + "]", java.nio.charset.StandardCharsets.UTF_8);
            HttpResponse<String> posted = post("jsonp-polling", sid, "application/x-www-form-urlencoded", form);
            assertEquals("ok", posted.body());
            assertTrue(posted.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            StringBuilder payload = new StringBuilder();
            while (!payload.toString().contains("42[\"echo\"")) {
                String body = get(url("jsonp-polling", "&sid=" + sid + "&callback=1"), Map.of()).body();
                String literal = body.substring("___eio[1](".length(), body.length() - 2);
                assertFalse(literal.contains("<") || literal.contains("\u2028"), literal);
                payload.append(unescapeLiteral(literal)).append('\u001e');
            }
            assertTrue(payload.toString().contains("42[\"echo\"," + json(HOSTILE) + "]"), payload.toString());
        }
    }

    private static String json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
