package io.comet.demo.conformance;

import io.comet.demo.ConformanceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Engine.IO v4 protocol, case by case as the public engine.io-protocol test suite specifies it,
 * against the reference server's bare Engine.IO echo endpoint.
 */
@DisplayName("Engine.IO v4 protocol (reference server /engine.io/)")
class EngineIoProtocolTest {
    private static ConformanceServer server;
    private static RawPolling polling;
    private static String ws;

    @BeforeAll
    static void start() {
        server = new ConformanceServer(0).start();
        polling = new RawPolling("http://localhost:" + server.port() + "/engine.io/");
        ws = "ws://localhost:" + server.port() + "/engine.io/";
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String sidQuery(String sid) {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    @Nested
    class Handshake {
        @Test
        void pollingOpensASessionWithTheConfiguredSettings() throws Exception {
            HttpResponse<String> response = polling.get("EIO=4&transport=polling");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("0{"));
            OpenPacket.assertOpen(response.body().substring(1), "[\"websocket\"]");
        }

        @Test
        void webSocketOpensASessionWithoutUpgrades() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket")) {
                String open = (String) socket.next();
                assertTrue(open.startsWith("0{"));
                OpenPacket.assertOpen(open.substring(1), "[]");
            }
        }

        @Test
        void aMissingOrInvalidEioIsRefused() throws Exception {
            assertEquals(400, polling.get("transport=polling").statusCode());
            assertEquals(400, polling.get("EIO=abc&transport=polling").statusCode());
            assertTrue(RawWebSocket.refused(ws + "?transport=websocket"));
            assertTrue(RawWebSocket.refused(ws + "?EIO=abc&transport=websocket"));
        }

        @Test
        void aMissingOrUnknownTransportIsRefused() throws Exception {
            assertEquals(400, polling.get("EIO=4").statusCode());
            assertEquals(400, polling.get("EIO=4&transport=abc").statusCode());
            assertTrue(RawWebSocket.refused(ws + "?EIO=4"));
            assertTrue(RawWebSocket.refused(ws + "?EIO=4&transport=abc"));
        }

        @Test
        void aHandshakeByPostOrPutIsRefused() throws Exception {
            assertEquals(400, polling.post("EIO=4&transport=polling", "").statusCode());
            assertEquals(400, polling.send("PUT", "EIO=4&transport=polling", "").statusCode());
        }
    }

    @Nested
    class Messages {
        @Test
        void pollingEchoesOneTextPacket() throws Exception {
            assertEchoed("4hello");
        }

        @Test
        void pollingEchoesSeveralTextPackets() throws Exception {
            assertEchoed("4test1\u001e4test2\u001e4test3");
        }

        @Test
        void pollingEchoesTextAndBase64BinaryPackets() throws Exception {
            assertEchoed("4hello\u001ebAQIDBA==");
        }

        private void assertEchoed(String payload) throws Exception {
            String sid = polling.openSession();
            HttpResponse<String> push = polling.post(sidQuery(sid), payload);
            assertEquals(200, push.statusCode());
            assertEquals("ok", push.body());
            HttpResponse<String> poll = polling.get(sidQuery(sid));
            assertEquals(200, poll.statusCode());
            assertEquals(payload, poll.body());
        }

        @Test
        void anInvalidPollingPacketClosesTheSession() throws Exception {
            String sid = polling.openSession();
            assertEquals(400, polling.post(sidQuery(sid), "abc").statusCode());
            assertEquals(400, polling.get(sidQuery(sid)).statusCode());
        }

        @Test
        void aDuplicatePollClosesTheSession() throws Exception {
            String sid = polling.openSession();
            CompletableFuture<HttpResponse<String>> a = polling.getAsync(sidQuery(sid));
            CompletableFuture<HttpResponse<String>> b = polling.getAsync(sidQuery(sid) + "&t=burst");
            // Whichever arrived second is refused; the held one is released with a close packet.
            List<String> outcomes = Stream.of(a.get(), b.get())
                    .map(r -> r.statusCode() + ":" + (r.statusCode() == 200 ? r.body() : "refused"))
                    .sorted().toList();
            assertEquals(List.of("200:1", "400:refused"), outcomes);
            assertEquals(400, polling.get(sidQuery(sid)).statusCode());
        }

        @Test
        void webSocketEchoesText() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket")) {
                socket.next();
                socket.send("4hello");
                assertEquals("4hello", socket.nextText());
            }
        }

        @Test
        void webSocketEchoesBinary() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket")) {
                socket.next();
                socket.send(new byte[]{1, 2, 3, 4});
                Object frame = socket.next();
                while ("2".equals(frame)) {
                    frame = socket.next();
                }
                assertArrayEquals(new byte[]{1, 2, 3, 4}, (byte[]) frame);
            }
        }

        @Test
        void anInvalidWebSocketPacketClosesTheConnection() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket")) {
                socket.next();
                socket.send("abc");
                socket.awaitClose();
            }
        }
    }

    @Nested
    class Heartbeat {
        @Test
        void pollingClientsGetPingsAndAnswerPongs() throws Exception {
            String sid = polling.openSession();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> poll = polling.get(sidQuery(sid));
                assertEquals(200, poll.statusCode());
                assertEquals("2", poll.body());
                assertEquals(200, polling.post(sidQuery(sid), "3").statusCode());
            }
        }

        @Test
        void aPollingClientThatNeverAnswersIsClosedAfterPingIntervalPlusTimeout() throws Exception {
            String sid = polling.openSession();
            long start = System.nanoTime();
            HttpResponse<String> response;
            do {
                response = polling.get(sidQuery(sid)); // a ping, then the close packet, then 400
            } while (response.statusCode() == 200);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(400, response.statusCode());
            assertTrue(elapsedMs < 2_000, "closed after " + elapsedMs + " ms");
        }

        @Test
        void webSocketClientsGetPingsAndAnswerPongs() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket")) {
                socket.next();
                for (int i = 0; i < 3; i++) {
                    assertEquals("2", socket.next());
                    socket.send("3");
                }
            }
        }

        @Test
        void aWebSocketClientThatNeverAnswersIsClosed() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket")) {
                socket.awaitClose();
            }
        }
    }

    @Nested
    class Close {
        @Test
        void aPollingClientClosesItsSession() throws Exception {
            String sid = polling.openSession();
            CompletableFuture<HttpResponse<String>> held = polling.getAsync(sidQuery(sid));
            assertEquals(200, polling.post(sidQuery(sid), "1").statusCode());
            // A poll held when the close arrives is released with a noop; one that arrives after it is refused.
            HttpResponse<String> poll = held.get();
            assertTrue(poll.statusCode() == 200 ? poll.body().equals("6") : poll.statusCode() == 400, poll.body());
            assertEquals(400, polling.get(sidQuery(sid)).statusCode());
        }

        @Test
        void aWebSocketClientClosesItsSession() throws Exception {
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket")) {
                socket.next();
                socket.send("1");
                socket.awaitClose();
            }
        }
    }

    @Nested
    class Upgrade {
        @Test
        void pollingUpgradesToWebSocket() throws Exception {
            String sid = polling.openSession();
            try (RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket&sid=" + sid)) {
                socket.send("2probe");
                assertEquals("3probe", socket.next());
                HttpResponse<String> poll = polling.get(sidQuery(sid));
                assertEquals(200, poll.statusCode());
                assertEquals("6", poll.body());
                socket.send("5");
                socket.send("4hello");
                assertEquals("4hello", socket.nextText());
            }
        }

        @Test
        void pollingRequestsAreRefusedOnceUpgraded() throws Exception {
            String sid = polling.openSession();
            try (RawWebSocket socket = upgraded(sid)) {
                assertEquals(400, polling.get(sidQuery(sid)).statusCode());
                socket.send("4hello");
                assertEquals("4hello", socket.nextText());
            }
        }

        @Test
        void aSecondWebSocketIsClosedOnceUpgraded() throws Exception {
            String sid = polling.openSession();
            try (RawWebSocket socket = upgraded(sid);
                 RawWebSocket second = RawWebSocket.open(ws + "?EIO=4&transport=websocket&sid=" + sid)) {
                second.awaitClose();
                socket.send("4hello");
                assertEquals("4hello", socket.nextText());
            }
        }

        /** Upgrades a polling session and waits until the held poll has been released, so "5" is processed. */
        private RawWebSocket upgraded(String sid) throws Exception {
            RawWebSocket socket = RawWebSocket.open(ws + "?EIO=4&transport=websocket&sid=" + sid);
            socket.send("2probe");
            assertEquals("3probe", socket.next());
            socket.send("5");
            socket.send("4sync");
            assertEquals("4sync", socket.nextText());
            return socket;
        }
    }
}
