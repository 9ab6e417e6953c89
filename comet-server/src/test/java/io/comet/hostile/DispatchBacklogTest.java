package io.comet.hostile;

import io.comet.DisconnectReason;
import io.comet.Namespace;
import io.comet.Socket;
import io.comet.socketio.Backlogs;
import io.comet.test.Await;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, case 14b: when a connection's handlers fall behind, its reads pause once
 * {@code maxDispatchBacklog} packets wait, instead of queueing without end, and resume once half of them
 * have run. Pausing is back-pressure: every event still runs once, in order.
 */
@DisplayName("A connection whose handlers fall behind is read no further")
class DispatchBacklogTest {
    private static final int BACKLOG = 20;
    private static final int EVENTS = 10 * BACKLOG;
    private static final int PING_INTERVAL = 150;
    private static final int PING_TIMEOUT = 150;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DUPLICATE_POST = "{\"code\":3,\"message\":\"Duplicate POST request\"}";

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.maxDispatchBacklog(BACKLOG));

    /**
     * A namespace whose handler of {@code n} blocks on the first event until released, and records every
     * number it runs for, in the order it runs them.
     */
    private record SlowHandler(TestServer server, Namespace namespace, CountDownLatch release, List<Integer> ran,
                               CompletableFuture<List<Integer>> allRan, CompletableFuture<Socket> connected) {
        static SlowHandler on(String name) {
            return on(DispatchBacklogTest.server, name);
        }

        static SlowHandler on(TestServer server, String name) {
            SlowHandler h = new SlowHandler(server, server.server().of(name), new CountDownLatch(1),
                    Collections.synchronizedList(new ArrayList<>()), new CompletableFuture<>(), new CompletableFuture<>());
            h.namespace.onConnection(socket -> {
                h.connected.complete(socket);
                socket.on("n", (args, ack) -> {
                    int n = ((Number) args.get(0)).intValue();
                    if (n == 0) {
                        h.awaitRelease();
                    }
                    h.ran.add(n);
                    if (h.ran.size() == EVENTS) {
                        h.allRan.complete(List.copyOf(h.ran));
                    }
                });
            });
            return h;
        }

        private void awaitRelease() {
            try {
                release.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        JavaClient connect(Transports transports) {
            return JavaClient.to(server).namespace(namespace.name()).transports(transports).connect();
        }
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("case 14b: 10 × maxDispatchBacklog events for a blocked handler: at most maxDispatchBacklog wait, and all run once, in order, once it is released")
    void backlogIsBounded(Transports transports) {
        SlowHandler slow = SlowHandler.on("/slow-" + transports.name().toLowerCase());
        try (JavaClient client = slow.connect(transports)) {
            Socket socket = slow.namespace().socket(client.id()).orElseThrow();
            IntStream.range(0, EVENTS).forEach(n -> client.emit("n", n));

            Await.until(() -> Backlogs.mostWaiting(socket) >= BACKLOG, "the backlog to fill up");
            slow.release().countDown();

            assertEquals(IntStream.range(0, EVENTS).boxed().toList(), Await.await(slow.allRan(), "every event to run"));
            int most = Backlogs.mostWaiting(socket);
            assertTrue(most <= BACKLOG, most + " packets waited for the handlers, over the bound of " + BACKLOG);
            assertTrue(client.connected());
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"polling", "xhr-streaming"})
    @DisplayName("case 14b: a POST of 10 × maxDispatchBacklog events for a blocked handler is answered only once they have all been handed up")
    void postIsHeldBack(String transport) throws Exception {
        SlowHandler slow = SlowHandler.on("/slow-post-" + transport);
        try (HttpSession session = HttpSession.open(transport, "")) {
            Socket socket = session.join(slow);
            CompletableFuture<Response> answer = session.postUntilFull(socket, events(slow, 0, EVENTS, false));
            // The handler is still blocked: the rest of the body cannot have been handed up.
            assertFalse(answer.isDone(), "the POST was answered while its packets waited");
            slow.release().countDown();

            assertEquals("ok", Await.await(answer, "the answer to the POST").asString());
            assertEquals(IntStream.range(0, EVENTS).boxed().toList(), Await.await(slow.allRan(), "every event to run"));
            assertTrue(Backlogs.mostWaiting(socket) <= BACKLOG, Backlogs.mostWaiting(socket) + " packets waited");
        }
    }

    @Test
    @DisplayName("case 14b: a second POST while one is held back is refused with 400 and closes a session without acknowledgements")
    void secondPostWithoutAcknowledgements() throws Exception {
        SlowHandler slow = SlowHandler.on("/slow-second-post");
        try (HttpSession session = HttpSession.open("polling", "")) {
            CompletableFuture<Response> held = session.postUntilFull(session.join(slow), events(slow, 0, EVENTS, false));

            Response second = session.post(events(slow, EVENTS, EVENTS + 1, false));
            assertEquals(400, second.statusCode());
            assertEquals(DUPLICATE_POST, second.asString());
            Response first = Await.await(held, "the answer to the held POST");
            assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", first.asString(), "the session closed");
            slow.release().countDown();
        }
    }

    @Test
    @DisplayName("case 14b: in an acknowledging session a second POST while one is held back takes its place, and every event runs once, in order")
    void secondPostWithAcknowledgements() throws Exception {
        SlowHandler slow = SlowHandler.on("/slow-resent-post");
        try (HttpSession session = HttpSession.open("polling", "&comet=1")) {
            // Numbered as comet.js numbers its emits (ack id 2 × seq): the server runs each number once.
            String numbered = events(slow, 0, EVENTS, true);
            CompletableFuture<Response> held = session.postUntilFull(session.join(slow), numbered);

            // What comet.js sends when the answer to a POST was lost: the same packets again, first.
            CompletableFuture<Response> resent = session.postAsync(numbered);
            Response replaced = Await.await(held, "the answer to the replaced POST");
            assertEquals(DUPLICATE_POST, replaced.asString());
            slow.release().countDown();

            assertEquals("ok", Await.await(resent, "the answer to the POST sent again").asString());
            assertEquals(IntStream.range(0, EVENTS).boxed().toList(), Await.await(slow.allRan(), "every event to run"));
        }
    }

    /**
     * A payload of EVENTs {@code n} from {@code from} (inclusive) to {@code to} for the handler's
     * namespace; {@code numbered}, each carries the ack id {@code 2 × (n + 1)} of Comet's upstream sequence.
     */
    private static String events(SlowHandler slow, int from, int to, boolean numbered) {
        String ns = slow.namespace().name();
        return IntStream.range(from, to).mapToObj(n -> "42" + ns + "," + (numbered ? String.valueOf(2 * (n + 1)) : "")
                        + "[\"n\"," + n + "]")
                .collect(Collectors.joining(PollingSession.SEPARATOR));
    }

    /** A raw session of an HTTP transport, polling or streaming; a stream is kept open and not read. */
    private record HttpSession(String transport, String sid, InputStream stream) implements AutoCloseable {
        private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

        /** Opens a session with more query, e.g. {@code "&comet=1"}, and reads its open packet. */
        static HttpSession open(String transport, String query) throws Exception {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + server.path()
                    + "?EIO=4&transport=" + transport + query)).build(), HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher sid = SID.matcher(line);
                if (sid.find()) {
                    return new HttpSession(transport, sid.group(1), response.body());
                }
            }
            throw new AssertionError("the response ended before its open packet");
        }

        /** Joins the handler's namespace; its socket on the server. */
        Socket join(SlowHandler slow) {
            post("40" + slow.namespace().name() + ",").then().statusCode(200);
            return Await.await(slow.connected(), "the connection");
        }

        Response post(String payload) {
            return PollingSession.endpoint(server, transport).queryParam("sid", sid)
                    .contentType("text/plain; charset=UTF-8").body(payload).post();
        }

        CompletableFuture<Response> postAsync(String payload) {
            return CompletableFuture.supplyAsync(() -> post(payload));
        }

        /** POSTs a payload for a blocked handler and waits until {@code socket}'s backlog is full. */
        CompletableFuture<Response> postUntilFull(Socket socket, String payload) {
            CompletableFuture<Response> answer = postAsync(payload);
            Await.until(() -> Backlogs.mostWaiting(socket) >= BACKLOG, "the backlog to fill up");
            return answer;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    @Test
    @DisplayName("case 14b: reads paused for longer than pingInterval + pingTimeout do not end the session for a ping timeout")
    void pauseOutlastsTheHeartbeat() throws InterruptedException {
        try (TestServer quick = TestServer.with(b -> b.maxDispatchBacklog(BACKLOG)
                .pingInterval(PING_INTERVAL).pingTimeout(PING_TIMEOUT)).start()) {
            SlowHandler slow = SlowHandler.on(quick, "/slow-heartbeat");
            try (JavaClient client = slow.connect(Transports.WEBSOCKET)) {
                Socket socket = slow.namespace().socket(client.id()).orElseThrow();
                CompletableFuture<DisconnectReason> gone = new CompletableFuture<>();
                socket.onDisconnect(gone::complete);
                IntStream.range(0, EVENTS).forEach(n -> client.emit("n", n));
                Await.until(() -> Backlogs.mostWaiting(socket) >= BACKLOG, "the backlog to fill up");

                // Nothing to wait for: the point is that time passes, heartbeats' worth, while no pong is read.
                Thread.sleep(4L * (PING_INTERVAL + PING_TIMEOUT));
                slow.release().countDown();

                assertEquals(EVENTS, Await.await(slow.allRan(), "every event to run").size());
                assertFalse(gone.isDone(), "the socket was disconnected: " + gone.getNow(null));
                assertTrue(client.connected());
            }
        }
    }

    @Test
    @DisplayName("case 14b: while one connection's reads are paused, another client's events still run")
    void othersUnaffected() {
        SlowHandler slow = SlowHandler.on("/slow-neighbour");
        Namespace echo = server.server().of("/echo");
        echo.onConnection(socket -> socket.on("echo-ack", (args, ack) -> ack.send(args.toArray())));
        try (JavaClient blocked = slow.connect(Transports.WEBSOCKET);
             JavaClient bystander = JavaClient.to(server).namespace("/echo").transports(Transports.POLLING).connect()) {
            Socket socket = slow.namespace().socket(blocked.id()).orElseThrow();
            IntStream.range(0, EVENTS).forEach(n -> blocked.emit("n", n));
            Await.until(() -> Backlogs.mostWaiting(socket) >= BACKLOG, "the backlog to fill up");

            assertEquals(List.of("still here"), bystander.ask("echo-ack", "still here"));
            slow.release().countDown();
            assertEquals(EVENTS, Await.await(slow.allRan(), "every event to run").size());
        }
    }
}
