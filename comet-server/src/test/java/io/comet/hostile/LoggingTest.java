package io.comet.hostile;

import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static io.comet.test.Await.until;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 10 of the hostile-input review: the sid (the only secret of a polling or JSONP session) was
 * logged on queue overflow, and event names went into log lines as they came, so a client could forge
 * lines. Logs hold neither a sid, nor an auth payload, nor a cookie, and client text in them is quoted,
 * escaped and cut short. The test reads what the SLF4J simple binding writes to standard error.
 */
@DisplayName("Hostile input: logs")
class LoggingTest {
    private static final String TOKEN = "SECRET-TOKEN-4711";
    private static final String COOKIE = "SECRET-COOKIE-0815";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStandardError() {
        original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(original);
    }

    private String log() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("case 10: a failing handler's log line quotes the event name it was given, escaped and cut, and holds no secret")
    void handlerFailureLogsNoSecret() {
        try (TestServer server = TestServer.withDefaults().start()) {
            String event = "boom\n[main] ERROR forged line " + "x".repeat(100);
            server.sockets().onConnection(socket -> socket.on(event, (args, ack) -> {
                throw new IllegalStateException("handler failed");
            }));
            String sid = handshakeWithCookie(server);
            post(server, sid, "40{\"token\":\"" + TOKEN + "\"}");
            post(server, sid, "42[\"" + event.replace("\n", "\\n") + "\"]");

            until(() -> log().contains("failed"), "the handler failure in the log");
            String log = log();
            assertTrue(log.contains("\"boom\\u000a[main] ERROR forged line"), log);
            assertFalse(log.contains("\n[main] ERROR forged"), "a forged line: " + log);
            assertFalse(log.contains("x".repeat(80)), "cut short: " + log);
            assertNoSecret(log, sid);
        }
    }

    @Test
    @DisplayName("case 10: a queue overflow is logged without the session's sid")
    void overflowLogsNoSid() {
        try (TestServer server = TestServer.with(b -> b.maxQueued(5, 1 << 20)).start()) {
            CompletableFuture<Object> connected = new CompletableFuture<>();
            server.sockets().onConnection(connected::complete);
            String sid = handshakeWithCookie(server);
            post(server, sid, "40{\"token\":\"" + TOKEN + "\"}");
            await(connected, "the socket");
            for (int i = 0; i < 10; i++) {
                server.server().emit("flood", i);
            }

            until(() -> log().contains("overflowed"), "the overflow in the log");
            assertNoSecret(log(), sid);
        }
    }

    private static void assertNoSecret(String log, String sid) {
        assertFalse(log.contains(sid), "the sid in the log: " + log);
        assertFalse(log.contains(TOKEN), "the auth payload in the log: " + log);
        assertFalse(log.contains(COOKIE), "the cookie in the log: " + log);
    }

    private static String handshakeWithCookie(TestServer server) {
        String body = PollingSession.endpoint(server, "polling").header("Cookie", "session=" + COOKIE).get().asString();
        return new JsonPath(body.substring(1)).getString("sid");
    }

    private static void post(TestServer server, String sid, String payload) {
        PollingSession.endpoint(server, "polling").queryParam("sid", sid).contentType("text/plain; charset=UTF-8")
                .body(payload).post().then().statusCode(200);
    }

    /** Writes to both streams, the captured one under its own lock. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                console.write(b, off, len);
            } catch (java.io.IOException e) {
                // The console is only a courtesy.
            }
        }
    }
}
