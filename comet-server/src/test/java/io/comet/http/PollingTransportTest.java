package io.comet.http;

import io.comet.Socket;
import io.comet.test.InteropApp;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.IntStream;

import static io.comet.http.Refusals.assertSessionClosed;
import static io.comet.test.PollingSession.SEPARATOR;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("HTTP long-polling")
class PollingTransportTest {
    @RegisterExtension
    static final TestServer server = TestServer.with(b -> TestServer.withoutRecovery(b).pingInterval(12_345).pingTimeout(6_789).maxPayload(54_321))
            .serving(InteropApp::install);

    private Socket serverSocket(String socketId) {
        return server.sockets().socket(socketId).orElseThrow(() -> new AssertionError("no server socket " + socketId));
    }

    @Test
    @DisplayName("the handshake answers an open packet with sid, upgrades, ping settings and maxPayload")
    void handshake() {
        Response response = PollingSession.endpoint(server, "polling").get();

        response.then().statusCode(200).contentType(startsWith("text/plain")).body(startsWith("0{"));
        JsonPath open = new JsonPath(response.asString().substring(1));
        assertTrue(open.getString("sid").matches("[A-Za-z0-9_-]{20}"), "sid: " + open.getString("sid"));
        assertEquals(List.of("websocket"), open.getList("upgrades"));
        assertEquals(12_345, open.getInt("pingInterval"));
        assertEquals(6_789, open.getInt("pingTimeout"));
        assertEquals(54_321, open.getInt("maxPayload"));
    }

    @Test
    @DisplayName("every handshake opens a session of its own")
    void distinctSessions() {
        assertNotEquals(PollingSession.open(server).sid(), PollingSession.open(server).sid());
    }

    @Test
    @DisplayName("a POST is answered \"ok\" and its CONNECT is answered on the next GET with the socket id")
    void socketIoConnect() {
        PollingSession session = PollingSession.open(server);

        session.post("40").then().statusCode(200).contentType(startsWith("text/plain")).body(equalTo("ok"));
        String reply = session.poll();

        assertTrue(reply.startsWith("40{\"sid\":\""), reply);
        String socketId = new JsonPath(reply.substring(2)).getString("sid");
        assertEquals("polling", serverSocket(socketId).transport());
    }

    @Test
    @DisplayName("the packets of one POST are handled in order")
    void packetsOfOnePostInOrder() {
        PollingSession session = PollingSession.open(server);
        session.connect();

        session.send("42[\"echo\",\"a\"]", "42[\"echo\",\"b\"]", "42[\"echo\",\"c\"]");

        assertEquals(List.of("42[\"echo\",\"a\"]", "42[\"echo\",\"b\"]", "42[\"echo\",\"c\"]"), session.receive(3));
    }

    @Test
    @DisplayName("events emitted while no GET is waiting arrive together, in order, in the next GET")
    void eventsBetweenRequests() {
        PollingSession session = PollingSession.open(server);
        Socket socket = serverSocket(session.connect());

        IntStream.range(0, 5).forEach(i -> socket.emit("n", i));

        assertEquals(String.join(SEPARATOR, IntStream.range(0, 5).mapToObj(i -> "42[\"n\"," + i + "]").toList()),
                session.poll());
    }

    @Test
    @DisplayName("binary from the server arrives as a placeholder packet followed by a base64 \"b\" packet")
    void binaryToClient() {
        PollingSession session = PollingSession.open(server);
        Socket socket = serverSocket(session.connect());

        socket.emit("file", (Object) new byte[]{1, 2, 3});

        assertEquals(List.of("451-[\"file\",{\"_placeholder\":true,\"num\":0}]", "bAQID"), session.receive(2));
    }

    @Test
    @DisplayName("binary from the client is put back together and reaches the handler as bytes")
    void binaryFromClient() {
        PollingSession session = PollingSession.open(server);
        session.connect();

        session.send("451-[\"echo\",\"name\",{\"_placeholder\":true,\"num\":0}]", "bAP8=");

        assertEquals(List.of("451-[\"echo\",\"name\",{\"_placeholder\":true,\"num\":0}]", "bAP8="), session.receive(2));
    }

    @Test
    @DisplayName("a client's ping is answered with a pong")
    void pingPong() {
        PollingSession session = PollingSession.open(server);

        session.send("2");

        assertEquals("3", session.receive());
    }

    @Test
    @DisplayName("a client close ends the session: one more poll collects a noop, the next is refused")
    void clientClose() {
        PollingSession session = PollingSession.open(server);

        session.send("1");

        Response last = session.get();
        last.then().statusCode(200);
        assertEquals("6", last.asString());
        assertSessionClosed(session.get());
    }

    @Test
    @DisplayName("a server-side close between two polls still delivers what was queued before it")
    void serverCloseBetweenPollsDeliversQueuedPackets() {
        PollingSession session = PollingSession.open(server);
        Socket socket = serverSocket(session.connect());

        socket.disconnect(true); // queues the DISCONNECT packet "41", then closes the connection

        Response next = session.get();
        next.then().statusCode(200);
        assertEquals("41", PollingSession.packets(next.asString()).get(0), "the DISCONNECT comes first; the close may follow");
    }
}
