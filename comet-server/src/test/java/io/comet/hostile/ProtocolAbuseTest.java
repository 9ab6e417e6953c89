package io.comet.hostile;

import io.comet.test.InteropApp;
import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.comet.test.Await.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases 3, 7, 11 and 12 of the hostile-input review, end to end against a running server: a script
 * gadget through the JSONP callback, a handler that throws an {@code Error}, ack ids in other digits than
 * ASCII, and reserved event names. (The codecs' own tests cover each rule in detail; these show what a
 * client that tries it meets.)
 */
@DisplayName("Hostile input: protocol abuse")
class ProtocolAbuseTest {
    @RegisterExtension
    static final TestServer server = TestServer.with(TestServer::withoutRecovery).serving(InteropApp::install);

    @ParameterizedTest(name = "callback={0}")
    @ValueSource(strings = {"eval", "alert", "__proto__", "x.y", "0x1"})
    @DisplayName("case 3: a JSONP poll whose callback names a function is refused, after a namespace written as code")
    void scriptGadget(String callback) {
        Response open = jsonp("callback", "0");
        String body = open.asString();
        Matcher sidIn = Pattern.compile("sid\\\\u0022:\\\\u0022([\\w-]{20})").matcher(body);
        assertTrue(sidIn.find(), body);
        String sid = sidIn.group(1);
        PollingSession.endpoint(server, "jsonp-polling").header("Sec-Fetch-Site", "same-origin")
                .queryParam("sid", sid).queryParam("callback", "0").contentType("application/x-www-form-urlencoded")
                .formParam("d", "40/alert(document.domain)//").post().then().statusCode(200);

        jsonp("sid", sid, "callback", callback).then().statusCode(400).body("code", equalTo(3));
        String answer = jsonp("sid", sid, "callback", "1").asString();
        assertTrue(answer.startsWith("___eio[1](\"44/alert(document.domain)//,"), "the namespace only inside a string: " + answer);
        assertTrue(answer.endsWith("\");"), answer);
    }

    @Test
    @DisplayName("case 7: after a handler throws a StackOverflowError, the connection's next event is handled")
    void errorInAHandler() {
        CompletableFuture<Object> after = new CompletableFuture<>();
        server.server().of("/overflowing").onConnection(socket -> {
            socket.on("boom", (args, ack) -> {
                throw new StackOverflowError("from a handler");
            });
            socket.on("after", (args, ack) -> after.complete(args.get(0)));
        });
        try (RawWebSocket ws = RawWebSocket.open(server, null)) {
            ws.receive();
            ws.send("40/overflowing,");
            ws.receive();
            ws.send("42/overflowing,[\"boom\"]");
            ws.send("42/overflowing,[\"after\",\"handled\"]");
            assertEquals("handled", await(after, "the event after the failed handler"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"42٣[\"echo-ack\",1]", "42１[\"echo-ack\",1]", "429007199254740992[\"echo-ack\",1]"})
    @DisplayName("case 11: an ack id in other digits than ASCII, or beyond 2^53 - 1, closes the connection as a parse error")
    void ackIds(String packet) {
        try (RawWebSocket ws = RawWebSocket.open(server, null); RawWebSocket bystander = connected()) {
            ws.receive();
            ws.send("40");
            ws.receive();
            ws.send(packet);
            assertEquals("1", ws.receive(), "the close packet");
            bystander.send("421[\"echo-ack\",\"fine\"]");
            assertEquals("431[\"fine\"]", bystander.receive(), "another client is unaffected");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
    @DisplayName("case 12: a client's event with a reserved name closes its connection as a parse error; the server cannot emit one")
    void reservedNames(String name) {
        try (RawWebSocket ws = connected()) {
            ws.send("42[\"" + name + "\"]");
            assertEquals("1", ws.receive(), "the close packet");
        }
        assertThrows(IllegalArgumentException.class, () -> server.server().emit(name, "x"));
    }

    private static RawWebSocket connected() {
        RawWebSocket ws = RawWebSocket.open(server, null);
        ws.receive();
        ws.send("40");
        assertFalse(ws.receive().isEmpty());
        return ws;
    }

    /** A JSONP poll, as a page of the server's own origin makes it, with these query parameters (names and values). */
    private static Response jsonp(String... namesAndValues) {
        var request = PollingSession.endpoint(server, "jsonp-polling").header("Sec-Fetch-Site", "same-origin");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            request = request.queryParam(namesAndValues[i], namesAndValues[i + 1]);
        }
        return request.get();
    }
}
