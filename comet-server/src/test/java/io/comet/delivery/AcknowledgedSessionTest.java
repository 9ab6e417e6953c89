package io.comet.delivery;

import io.comet.test.CuttingProxy;
import io.comet.test.PollingSession;
import io.comet.test.RawWebSocket;
import io.comet.test.TestServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.comet.test.PollingSession.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comet's additions for its own client (docs/delivery.md), packet by packet: sessions opened with
 * {@code comet=1} keep what they sent until the client names a later offset, resume a cut connection
 * on the same session, and run each numbered emit once.
 */
@DisplayName("Acknowledged sessions and the upstream sequence")
class AcknowledgedSessionTest {
    @RegisterExtension
    static final TestServer server = TestServer.with(b -> TestServer.withoutRecovery(b).pingInterval(60_000));

    private static final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void app() {
        server.sockets().onConnection(socket -> {
            socket.on("count", (args, ack) -> runs.incrementAndGet());
            socket.on("echo", (args, ack) -> {
                runs.incrementAndGet();
                ack.send(args.toArray());
            });
            socket.on("push", (args, ack) -> {
                for (int i = 0; i < ((Number) args.get(0)).intValue(); i++) {
                    socket.emit("n", i);
                }
            });
        });
    }

    private static Response poll(String sid, String offset) {
        return endpoint(server, "polling").queryParam("sid", sid).queryParam("offset", offset).get();
    }

    @Test
    @DisplayName("the open packet answers comet=1; a stock handshake does not get it")
    void negotiated() {
        String comet = endpoint(server, "polling").queryParam("comet", "1").get().asString();
        String plain = endpoint(server, "polling").get().asString();
        assertTrue(comet.contains("\"comet\":1"), comet);
        assertTrue(!plain.contains("comet"), plain);
    }

    @Test
    @DisplayName("polling: a poll names the offset it expects, and what a lost response carried comes again")
    void pollingResendsWhatWasLost() {
        String open = endpoint(server, "polling").queryParam("comet", "1").get().asString();
        String sid = RawSocket.json(open.substring(1)).path("sid").asText();
        PollingSession.endpoint(server, "polling").queryParam("sid", sid).body("40").post().then().statusCode(200);
        assertEquals(List.of("40{\"sid\""), List.of(poll(sid, "1").asString().substring(0, 8)));
        PollingSession.endpoint(server, "polling").queryParam("sid", sid).body("42[\"push\",3]").post().then().statusCode(200);
        // Each poll that names offset 2 gets everything from there: once all three are queued, all three.
        String first;
        do {
            first = poll(sid, "2").asString();
        } while (PollingSession.packets(first).size() < 3);
        assertEquals("42[\"n\",0]\u001e42[\"n\",1]\u001e42[\"n\",2]", first);
        // That answer was lost on the way: the client asks for offset 3 again and gets all of it again.
        assertEquals(first, poll(sid, "2").asString());
        // Having got the first, it names the one after it.
        assertEquals("42[\"n\",1]\u001e42[\"n\",2]", poll(sid, "3").asString());
        Response refused = poll(sid, "1");
        assertEquals(400, refused.statusCode(), "an offset already acknowledged is refused");
        assertEquals(3, refused.jsonPath().getInt("code"));
    }

    @Test
    @DisplayName("websocket: a cut connection resumes the session from the offset the client names")
    void webSocketResumes() {
        CuttingProxy proxy = CuttingProxy.start(server.port());
        RawWebSocket ws = RawWebSocket.openAt(proxy.port(), server.path(), "&comet=1");
        String sid = RawSocket.json(ws.receive().substring(1)).path("sid").asText();
        ws.send("40");
        assertTrue(ws.receive().startsWith("40{"));
        ws.send("42[\"push\",2]");
        assertEquals("42[\"n\",0]", ws.receive()); // offset 2
        proxy.cutAll();
        proxy.close();
        // Offset 3 was sent into the cut connection, or not; either way the client asks for it.
        try (RawWebSocket resumed = RawWebSocket.openWith(server, "&sid=" + sid + "&offset=3")) {
            assertEquals("42[\"n\",1]", resumed.receive());
            resumed.send("42[\"push\",1]");
            assertEquals("42[\"n\",0]", resumed.receive(), "the same socket, still connected");
        }
    }

    @Test
    @DisplayName("a numbered emit runs once; a repeat gets its receipt or its cached answer again")
    void upstreamSequence() {
        try (RawWebSocket ws = RawWebSocket.openWith(server, "&comet=1")) {
            ws.receive();
            ws.send("40");
            ws.receive();
            int before = runs.get();
            ws.send("422[\"count\"]");        // seq 1, no answer wanted
            assertEquals("432[]", ws.receive(), "a receipt");
            ws.send("422[\"count\"]");
            assertEquals("432[]", ws.receive(), "a repeat gets its receipt again");
            ws.send("425[\"echo\",\"x\"]");   // seq 2, an answer wanted
            assertEquals("435[\"x\"]", ws.receive());
            ws.send("425[\"echo\",\"x\"]");
            assertEquals("435[\"x\"]", ws.receive(), "a repeat gets the cached answer");
            assertEquals(before + 2, runs.get(), "each handler ran once");
        }
    }
}
