package io.comet.hostile;

import io.comet.Socket;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 14 of the hostile-input review, the bounds on what one connection may hold: namespaces per
 * connection and rooms per socket.
 */
@DisplayName("Hostile input: what one connection may hold")
class ConnectionLimitsTest {
    @RegisterExtension
    static final TestServer server = TestServer.with(b -> TestServer.withoutRecovery(b)
            .maxNamespacesPerConnection(2).maxRoomsPerSocket(3));

    @Test
    @DisplayName("case 14: a CONNECT past the namespaces a connection may join gets a CONNECT_ERROR, and the connection goes on")
    void namespacesPerConnection() {
        server.server().of("/a");
        server.server().of("/b");
        server.server().of("/c");
        CompletableFuture<Object> echoed = new CompletableFuture<>();
        server.server().of("/a").onConnection(socket -> socket.on("echo", (args, ack) -> echoed.complete(args.get(0))));
        PollingSession session = PollingSession.open(server);
        session.connect("/a");
        session.connect("/b");

        session.send("40/c,");

        assertEquals("44/c,{\"message\":\"Too many namespaces\"}", session.receive());
        session.send("42/a,[\"echo\",\"still here\"]");
        assertEquals("still here", await(echoed, "an event on a namespace joined before"));
    }

    @Test
    @DisplayName("case 14: a namespace left frees its place for another")
    void leftNamespaceFreesItsPlace() {
        server.server().of("/d");
        server.server().of("/e");
        PollingSession session = PollingSession.open(server);
        session.connect("/d");
        session.connect("/e");
        session.send("41/d,");

        assertTrue(session.connect("/c").length() > 0);
    }

    @Test
    @DisplayName("case 14: joining more rooms than a socket may be in throws IllegalStateException; the rooms held stay")
    void roomsPerSocket() {
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        server.server().of("/rooms").onConnection(connected::complete);
        PollingSession.open(server).connect("/rooms");
        Socket socket = await(connected, "the socket");

        socket.join("one");
        socket.join("two"); // with its own room, three
        socket.join("two"); // already in: no change

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> socket.join("three"));
        assertTrue(refused.getMessage().contains("maxRoomsPerSocket"), refused.getMessage());
        assertEquals(3, socket.rooms().size());
        socket.leave("one");
        socket.join("three");
        assertTrue(socket.rooms().contains("three"));
    }
}
