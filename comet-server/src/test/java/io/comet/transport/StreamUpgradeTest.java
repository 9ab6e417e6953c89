package io.comet.transport;

import io.comet.Socket;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import io.comet.transport.StreamingTransportsTest.Frame;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upgrade of a session on xhr-streaming, eventsource or htmlfile to WebSocket, spoken raw as
 * docs/protocol.md defines it: probe, the stream ended by the server, the upgrade packet, and every
 * packet delivered exactly once, in order, across the stream and the WebSocket.
 */
@DisplayName("The upgrade from a stream to WebSocket")
class StreamUpgradeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern EVENT = Pattern.compile("42\\[\"e\",(\\d+)[,\\]].*");
    private static final String REFUSED = "{\"code\":3,\"message\":\"Bad request\"}";
    /** Gives the events some size; the 50 of a test stay well under a stream response's byte budget. */
    private static final String FILLER = "x".repeat(500);

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    /** A test run once for each streaming transport, whose name it takes. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {XhrStreamingTransport.NAME, EventSourceTransport.NAME, HtmlFileTransport.NAME})
    @interface EachStream {
    }

    @EachStream
    @DisplayName("the open packet of a stream offers the upgrade to WebSocket")
    void openPacketOffersWebSocket(String transport) throws Exception {
        try (StreamFrames stream = StreamFrames.open(server, transport, "", Map.of())) {
            Frame open = stream.next();

            assertEquals(0, open.offset());
            assertTrue(open.packet().startsWith("0{") && open.packet().contains("\"upgrades\":[\"websocket\"]"), open.packet());
        }
    }

    @EachStream
    @DisplayName("probe, stream ended by the server, upgrade: every event arrives once and in order over the two connections")
    void upgradeDeliversEverythingOnceInOrder(String transport) throws Exception {
        try (StreamClient client = StreamClient.connect(transport);
             RawWebSocket ws = RawWebSocket.open(server, client.sid)) {
            client.emit(1, 10);
            ws.send("2probe");
            client.emit(11, 20);
            assertEquals("3probe", ws.receive());
            client.emit(21, 30);

            client.readToEnd(); // the server ends the stream after the grace, having written what is queued
            client.emit(31, 40);
            ws.send("5");
            client.emit(41, 50);
            client.collectFrom(ws, 50);

            assertEquals(IntStream.rangeClosed(1, 50).boxed().toList(), client.events);
            assertEquals("websocket", client.socket.transport());
            assertRefused(client.get());
            assertRefused(client.post("42[\"late\"]"));
        }
    }

    @EachStream
    @DisplayName("a stream GET during the upgrade carries what is queued and ends at once; after the upgrade it is refused")
    void getDuringTheUpgrade(String transport) throws Exception {
        whilePaused(transport, (client, ws) -> {
            client.reopen();
            client.readToEnd();
            assertEquals(List.of(1, 2, 3), client.events, "the GET during the upgrade carried what was queued");

            ws.send("5");
            client.emit(4, 5);
            client.collectFrom(ws, 5);
            assertEquals(List.of(1, 2, 3, 4, 5), client.events, "the WebSocket does not send them again");
            assertRefused(client.get());
        });
    }

    /**
     * A stream GET sent just before the upgrade packet: it meets the upgrade either under way (and is
     * answered after the grace, with what is queued, unless the upgrade packet landed meanwhile) or
     * completed (and is refused). Which one varies from run to run; either way nothing is lost or sent
     * twice.
     */
    @EachStream
    @DisplayName("a stream GET racing the upgrade packet is refused or ended at once, and nothing is lost or repeated")
    void getRacingTheUpgradePacket(String transport) throws Exception {
        whilePaused(transport, (client, ws) -> {
            CompletableFuture<StreamFrames> racing = CompletableFuture.supplyAsync(client::openNext);
            ws.send("5");
            try (StreamFrames response = await(racing, "the racing GET")) {
                if (response.status() == 200) {
                    client.readToEnd(response);
                } else {
                    assertEquals(400, response.status());
                }
            }
            client.emit(4, 5);
            client.collectFrom(ws, 5);

            assertEquals(List.of(1, 2, 3, 4, 5), client.events);
        });
    }

    @EachStream
    @DisplayName("after a probe abandoned by closing the WebSocket, the stream resumes at its offset and goes on")
    void abandonedProbeLeavesTheStreamWorking(String transport) throws Exception {
        try (StreamClient client = StreamClient.connect(transport)) {
            client.emit(1, 2);
            try (RawWebSocket ws = RawWebSocket.open(server, client.sid)) {
                client.probe(ws);
            } // closed without the upgrade packet
            client.emit(3, 3);

            client.collect(3);
            client.emit(4, 5);
            client.collect(5);

            assertEquals(List.of(1, 2, 3, 4, 5), client.events);
            assertEquals(transport, client.socket.transport());
        }
    }

    /** What a test does with a client paused for the upgrade (see {@link #whilePaused}). */
    @FunctionalInterface
    private interface PausedClientTest {
        void run(StreamClient client, RawWebSocket ws) throws Exception;
    }

    /**
     * Runs {@code test} with a client of the transport that has probed over {@code ws}, seen its stream
     * ended for the upgrade, and has events 1 to 3 queued for it since.
     */
    private static void whilePaused(String transport, PausedClientTest test) throws Exception {
        try (StreamClient client = StreamClient.connect(transport);
             RawWebSocket ws = RawWebSocket.open(server, client.sid)) {
            client.probe(ws);
            client.emit(1, 3);
            test.run(client, ws);
        }
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertEquals(400, response.statusCode());
        assertEquals(REFUSED, response.body());
    }

    @Test
    @DisplayName("jsonp-polling offers no upgrade, and a WebSocket with its sid is closed after its handshake")
    void jsonpPollingIsNotUpgraded() throws Exception {
        String body = HTTP.send(HttpStream.fromOwnPage(StreamFrames.url(server, "jsonp-polling", "&callback=0"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String open = StreamingTransportsTest.unescapeLiteral(body.substring("___eio[0](".length(), body.length() - 2));
        assertTrue(open.startsWith("0{") && open.contains("\"upgrades\":[]"), open);
        Matcher sid = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(open);
        assertTrue(sid.find(), open);

        try (RawWebSocket ws = RawWebSocket.open(server, sid.group(1))) {
            ws.awaitClosed();
        }
    }

    /**
     * What a client of a streaming transport keeps: its session, the response it reads, the offset it
     * expects next and the numbers of the events it got, from the streams and the WebSocket, in order.
     */
    private static final class StreamClient implements AutoCloseable {
        final String transport;
        final List<Integer> events = new ArrayList<>();
        String sid;
        Socket socket;
        StreamFrames stream;
        boolean ended;
        long expected;

        private StreamClient(String transport) {
            this.transport = transport;
        }

        /** Opens a session on the transport and joins the main namespace over it. */
        static StreamClient connect(String transport) throws Exception {
            StreamClient client = new StreamClient(transport);
            client.stream = StreamFrames.open(server, transport, "", Map.of());
            Matcher sid = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(client.next().packet());
            assertTrue(sid.find());
            client.sid = sid.group(1);
            assertEquals("6", client.next().packet());
            assertEquals("ok", client.post("40").body());
            Matcher socketId = Pattern.compile("^40\\{\"sid\":\"([^\"]+)\"").matcher(client.next().packet());
            assertTrue(socketId.find());
            client.socket = server.sockets().socket(socketId.group(1)).orElseThrow();
            return client;
        }

        /** Emits events {@code e} numbered {@code from} to {@code to} from the server. */
        void emit(int from, int to) {
            for (int i = from; i <= to; i++) {
                socket.emit("e", i, FILLER);
            }
        }

        /** The next packet of the current response, checked to be the one expected; null at its end. */
        Frame next() throws InterruptedException {
            Frame f = next(stream);
            ended = f == null;
            return f;
        }

        private Frame next(StreamFrames response) throws InterruptedException {
            Frame f = response.next();
            if (f != null) {
                assertEquals(expected, f.offset(), "offsets follow each other: nothing skipped, nothing repeated");
                expected++;
                record(f.packet());
            }
            return f;
        }

        private void record(String packet) {
            Matcher m = EVENT.matcher(packet);
            if (m.matches()) {
                events.add(Integer.parseInt(m.group(1)));
            }
        }

        /** Sends the probe, gets its answer and reads the stream until the server ends it for the upgrade. */
        void probe(RawWebSocket ws) throws Exception {
            ws.send("2probe");
            assertEquals("3probe", ws.receive());
            readToEnd();
        }

        /** Reads the current response until the server ends it. */
        void readToEnd() throws Exception {
            while (next() != null) {
                // recorded by next
            }
        }

        void readToEnd(StreamFrames response) throws InterruptedException {
            while (next(response) != null) {
                // recorded by next
            }
        }

        /** A GET for the next response from the expected offset (eventsource: by Last-Event-ID, as the browser does). */
        StreamFrames openNext() {
            try {
                if (EventSourceTransport.NAME.equals(transport)) {
                    return StreamFrames.open(server, transport, "&sid=" + sid, Map.of("Last-Event-ID", Long.toString(expected - 1)));
                }
                return StreamFrames.open(server, transport, "&sid=" + sid + "&offset=" + expected, Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Replaces the current response by the next one, which must be accepted. */
        void reopen() throws Exception {
            stream.close();
            stream = openNext();
            ended = false;
            assertEquals(200, stream.status());
        }

        /**
         * Reads responses until {@code count} events arrived, opening the next one whenever one ends, as
         * the client does once its upgrade failed. A GET that overtakes the news of the closed
         * WebSocket still meets the upgrade under way, and the server ends it at once.
         */
        void collect(int count) throws Exception {
            while (events.size() < count) {
                if (ended || next() == null) {
                    reopen();
                }
            }
        }

        /** Reads WebSocket packets until {@code count} events arrived in all. */
        void collectFrom(RawWebSocket ws, int count) {
            while (events.size() < count) {
                record(ws.receive());
            }
        }

        HttpResponse<String> get() throws Exception {
            return HTTP.send(HttpStream.fromOwnPage(StreamFrames.url(server, transport, "&sid=" + sid + "&offset=" + expected))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String payload) throws Exception {
            return HTTP.send(HttpStream.fromOwnPage(StreamFrames.url(server, transport, "&sid=" + sid))
                    .header("Content-Type", "text/plain;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            stream.close();
        }
    }
}
