package io.comet.interop;

import io.comet.CometServer;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Namespaces and middlewares with the Java socket.io-client")
class JavaClientNamespaceTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(JavaClientNamespaceTest::app);

    private static void app(CometServer server) {
        InteropApp.install(server);
        InteropApp.install(server.of("/admin"));
        server.of("/private").use((socket, next) -> next.reject("not authorized", Map.of("code", 401)));
        server.of("/vip").use((socket, next) -> {
            if ("secret".equals(socket.handshake().auth().get("token"))) {
                next.proceed();
            } else {
                next.reject("bad token");
            }
        });
        InteropApp.install(server.of("/vip"));
    }

    @Test
    @DisplayName("a client joins a custom namespace, and only that one")
    void customNamespace() {
        try (JavaClient client = JavaClient.to(server).namespace("/admin").connect()) {
            assertEquals(List.of("hi"), client.ask("echo-ack", "hi"));
            assertEquals("/admin", server.server().of("/admin").socket(client.id()).orElseThrow().namespace().name());
            assertFalse(server.sockets().socket(client.id()).isPresent(), "not in the main namespace");
        }
    }

    @Test
    @DisplayName("an unknown namespace is refused with connect_error 'Invalid namespace'")
    void unknownNamespace() {
        try (JavaClient client = JavaClient.to(server).namespace("/nowhere").open()) {
            assertEquals(Map.of("message", "Invalid namespace"), client.awaitConnectError());
            assertFalse(client.connected());
        }
    }

    @Test
    @DisplayName("a middleware rejection reaches the client as connect_error with its message and data")
    void middlewareRejection() {
        try (JavaClient client = JavaClient.to(server).namespace("/private").open()) {
            assertEquals(Map.of("message", "not authorized", "data", Map.of("code", 401)), client.awaitConnectError());
            assertTrue(server.server().of("/private").sockets().isEmpty());
        }
    }

    @Test
    @DisplayName("a middleware admits a client by its auth payload and refuses a wrong one")
    void middlewareChecksAuth() {
        try (JavaClient admitted = JavaClient.to(server).namespace("/vip").auth(Map.of("token", "secret")).connect();
             JavaClient refused = JavaClient.to(server).namespace("/vip").auth(Map.of("token", "guess")).open()) {
            assertEquals(List.of("welcome"), admitted.ask("echo-ack", "welcome"));
            assertEquals(Map.of("message", "bad token"), refused.awaitConnectError());
        }
    }
}
