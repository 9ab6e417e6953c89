package io.comet.hostile;

import io.comet.Handshake;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found by {@link HttpEdgeFuzz}: a query with a malformed escape ({@code %zz}) was refused by Undertow's
 * URL decoder with a bare 400 and no reason. The standalone listener now leaves URLs to Comet, which
 * answers as for any other request and decodes the handshake's query leniently.
 */
@DisplayName("Hostile input: malformed URLs")
class MalformedUrlTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @Test
    @DisplayName("a query with a malformed escape is answered by Comet, and the handshake shows it as it came")
    void malformedEscape() {
        CompletableFuture<Handshake> handshake = new CompletableFuture<>();
        server.sockets().onConnection(socket -> handshake.complete(socket.handshake()));
        try (RawHttp http = RawHttp.connect(server)) {
            RawHttp.Reply open = http.send(RawHttp.head(server, "GET", "transport=polling&bad=%zz&name=J%C3%BCrgen+M%20&x=%E2%82")).reply();
            assertEquals(200, open.status());
            String sid = open.body().substring(open.body().indexOf("\"sid\":\"") + 7, open.body().indexOf("\",\""));
            try (RawHttp post = RawHttp.connect(server)) {
                assertEquals(200, post.send(RawHttp.head(server, "POST", "transport=polling&sid=" + sid,
                        "Content-Type: text/plain", "Content-Length: 2", "Connection: close") + "40").reply().status());
            }
        }
        Handshake seen = await(handshake, "the connection");
        assertEquals("%zz", seen.query().get("bad"));
        assertEquals("Jürgen M ", seen.query().get("name"));
        assertTrue(seen.query().get("x").startsWith("\ufffd") || seen.query().get("x").equals("%E2%82"), seen.query().get("x"));
    }

    @Test
    @DisplayName("a malformed escape in a request's parameters gets a JSON reason, not a bare 400")
    void malformedEscapeInTheTransport() {
        try (RawHttp http = RawHttp.connect(server)) {
            RawHttp.Reply reply = http.send(RawHttp.head(server, "GET", "transport=poll%zzing", "Connection: close")).reply();
            assertEquals(400, reply.status());
            assertEquals("{\"code\":0,\"message\":\"Transport unknown\"}", reply.body());
        }
    }
}
