package io.comet.interop;

import io.comet.DisconnectReason;
import io.comet.Socket;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@DisplayName("Disconnections with the Java socket.io-client")
class JavaClientDisconnectTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(InteropApp::install);

    private static CompletableFuture<DisconnectReason> serverSideReason(Socket socket) {
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        socket.onDisconnect(reason::complete);
        return reason;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("socket.disconnect() on the server: the client hears 'io server disconnect'")
    void serverDisconnects(Transports transports) {
        try (JavaClient client = JavaClient.connect(server, transports)) {
            Socket socket = server.sockets().socket(client.id()).orElseThrow();
            CompletableFuture<DisconnectReason> reason = serverSideReason(socket);

            socket.disconnect();

            assertEquals("io server disconnect", client.awaitDisconnect());
            assertEquals(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, await(reason, "the server-side disconnection"));
            assertFalse(socket.connected());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("socket.disconnect(true) on the server: the DISCONNECT still reaches the client before the close")
    void serverDisconnectsAndCloses(Transports transports) {
        try (JavaClient client = JavaClient.connect(server, transports)) {
            Socket socket = server.sockets().socket(client.id()).orElseThrow();

            socket.disconnect(true);

            assertEquals("io server disconnect", client.awaitDisconnect());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("the client's disconnect(): the server hears CLIENT_NAMESPACE_DISCONNECT and forgets the socket")
    void clientDisconnects(Transports transports) {
        try (JavaClient client = JavaClient.connect(server, transports)) {
            String id = client.id();
            CompletableFuture<DisconnectReason> reason = serverSideReason(server.sockets().socket(id).orElseThrow());

            client.disconnect();

            assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, await(reason, "the server-side disconnection"));
            assertFalse(server.sockets().socket(id).isPresent());
        }
    }
}
