package io.comet.interop;

import io.comet.AckTimeoutException;
import io.comet.Socket;
import io.comet.test.EventLog;
import io.comet.test.InteropApp;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("Acknowledgements with the Java socket.io-client")
class JavaClientAckTest {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(InteropApp::install);

    private static Socket serverSide(JavaClient client) {
        return server.sockets().socket(client.id()).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("a client emit with an ack callback is answered by the server's ack.send")
    void clientAsksServerAnswers(Transports transports) {
        try (JavaClient client = JavaClient.connect(server, transports)) {
            assertEquals(List.of("a", 1, true), client.ask("echo-ack", "a", 1, true));
        }
    }

    @Test
    @DisplayName("a server ack with binary arrives as bytes (BINARY_ACK)")
    void binaryAck() {
        try (JavaClient client = JavaClient.connect(server, Transports.WEBSOCKET)) {
            List<Object> answer = client.ask("echo-ack", "file", new byte[]{7, 8, 9});

            assertEquals("file", answer.get(0));
            assertArrayEquals(new byte[]{7, 8, 9}, (byte[]) answer.get(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("a server emitWithAck is answered by the client's Ack callback")
    void serverAsksClientAnswers(Transports transports) {
        try (JavaClient client = JavaClient.connect(server, transports)) {
            CompletableFuture<List<Object>> answer = serverSide(client).emitWithAck(ACK_TIMEOUT, "question", "how much?", 2);

            EventLog.Event question = client.next("question");
            assertEquals(List.of("how much?", 2), question.args());
            JavaClient.answer(question, "this much", 42);

            assertEquals(List.of("this much", 42), await(answer, "the client's answer"));
        }
    }

    @Test
    @DisplayName("a server emitWithAck the client never answers fails with AckTimeoutException")
    void unansweredAckTimesOut() throws InterruptedException {
        try (JavaClient client = JavaClient.connect(server, Transports.WEBSOCKET)) {
            CompletableFuture<List<Object>> answer = serverSide(client).emitWithAck(Duration.ofMillis(200), "question");
            client.next("question"); // received, never answered

            ExecutionException failure = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
            assertInstanceOf(AckTimeoutException.class, failure.getCause());
        }
    }

    @Test
    @DisplayName("a pending server emitWithAck fails when the client disconnects")
    void pendingAckFailsOnDisconnect() {
        try (JavaClient client = JavaClient.connect(server, Transports.WEBSOCKET)) {
            CompletableFuture<List<Object>> answer = serverSide(client).emitWithAck(Duration.ofMinutes(1), "question");
            client.next("question");

            client.disconnect();

            ExecutionException failure = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
            assertInstanceOf(AckTimeoutException.class, failure.getCause());
        }
    }
}
