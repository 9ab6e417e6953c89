package io.comet.interop;

import io.comet.Socket;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms and private messages. What a client did not receive is checked with a marker event broadcast to
 * everyone afterwards: a connection's events arrive in order, so what is not before the marker never came.
 */
@DisplayName("Rooms with the Java socket.io-client")
class JavaClientRoomTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(InteropApp::install);

    private JavaClient ann;
    private JavaClient bob;
    private JavaClient cat;

    @BeforeEach
    void connectThreeClients() {
        ann = JavaClient.connect(server, Transports.WEBSOCKET);
        bob = JavaClient.connect(server, Transports.WEBSOCKET);
        cat = JavaClient.connect(server, Transports.POLLING);
    }

    @AfterEach
    void disconnect() {
        for (JavaClient c : new JavaClient[]{ann, bob, cat}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Socket serverSide(JavaClient client) {
        return server.sockets().socket(client.id()).orElseThrow();
    }

    /** The events each client received before the marker everyone gets next. */
    private static List<String> receivedBeforeMarker(JavaClient client) throws InterruptedException {
        return client.events().namesBefore("marker", TIMEOUT);
    }

    private void emitMarker() {
        server.server().emit("marker");
    }

    @Test
    @DisplayName("server.to(room).emit reaches the members of the room only")
    void roomBroadcast() throws InterruptedException {
        serverSide(ann).join("r");
        serverSide(cat).join("r");

        server.server().to("r").emit("news", "hi");
        emitMarker();

        assertEquals(List.of("hi"), ann.next("news").argsBeforeOffset());
        assertEquals(List.of("hi"), cat.next("news").argsBeforeOffset());
        assertFalse(receivedBeforeMarker(bob).contains("news"), "bob is not in the room");
    }

    @Test
    @DisplayName("server.to(socketId).emit is a private message")
    void privateMessage() throws InterruptedException {
        server.server().to(bob.id()).emit("dm", "psst");
        emitMarker();

        assertEquals(List.of("psst"), bob.next("dm").argsBeforeOffset());
        assertFalse(receivedBeforeMarker(ann).contains("dm"));
        assertFalse(receivedBeforeMarker(cat).contains("dm"));
    }

    @Test
    @DisplayName("socket.to(room) reaches the other members, not the sender")
    void senderIsExcluded() throws InterruptedException {
        serverSide(ann).join("r");
        serverSide(bob).join("r");

        serverSide(ann).to("r").emit("from-ann");
        emitMarker();

        assertTrue(receivedBeforeMarker(bob).contains("from-ann"));
        assertFalse(receivedBeforeMarker(ann).contains("from-ann"), "the sender");
        assertFalse(receivedBeforeMarker(cat).contains("from-ann"), "not a member");
    }

    @Test
    @DisplayName("except(room) reaches everyone else, and a socket that left a room is no longer reached")
    void exceptAndLeave() throws InterruptedException {
        serverSide(ann).join("r");
        serverSide(bob).join("r");
        serverSide(bob).leave("r");

        server.sockets().except("r").emit("not-r");
        server.server().to("r").emit("r-only");
        emitMarker();

        assertEquals(List.of("r-only"), receivedBeforeMarker(ann).stream().filter(List.of("r-only", "not-r")::contains).toList());
        assertEquals(List.of("not-r"), receivedBeforeMarker(bob).stream().filter(List.of("r-only", "not-r")::contains).toList());
        assertEquals(List.of("not-r"), receivedBeforeMarker(cat).stream().filter(List.of("r-only", "not-r")::contains).toList());
    }

    @Test
    @DisplayName("a socket is in the room of its own id, and in the rooms it joined")
    void rooms() {
        Socket socket = serverSide(ann);
        socket.join("r");

        assertEquals(Set.of(ann.id(), "r"), socket.rooms());
    }
}
