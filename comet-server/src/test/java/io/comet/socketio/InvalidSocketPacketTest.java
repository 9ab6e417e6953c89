package io.comet.socketio;

import io.comet.DisconnectReason;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.comet.test.Await.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("A Socket.IO packet that does not decode closes the connection with 'parse error'")
class InvalidSocketPacketTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    static Stream<Arguments> invalidPackets() {
        String placeholder = "{\"_placeholder\":true,\"num\":0}";
        return Stream.of(
                Arguments.of("CONNECT_ERROR with junk", new String[]{"4abc"}),
                Arguments.of("CONNECT_ERROR from a client", new String[]{"44{\"message\":\"x\"}"}),
                Arguments.of("EVENT with an empty array", new String[]{"42[]"}),
                Arguments.of("EVENT with an object", new String[]{"42{}"}),
                Arguments.of("unknown packet type", new String[]{"4hello"}),
                Arguments.of("BINARY_EVENT without attachment dash", new String[]{"45[\"x\"," + placeholder + "]"}),
                Arguments.of("huge namespace", new String[]{"42/" + "n".repeat(10_000) + ",[\"x\"]"}),
                Arguments.of("binary attachment nobody announced", new String[]{"bAQID"}),
                Arguments.of("text packet while an attachment is due", new String[]{"451-[\"x\"," + placeholder + "]", "42[\"y\"]"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPackets")
    void closesTheConnection(String description, String[] packets) {
        PollingSession session = PollingSession.open(server);
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        server.sockets().socket(session.connect()).orElseThrow().onDisconnect(reason::complete);

        session.send(packets); // a well-formed Engine.IO payload: the HTTP request itself succeeds

        assertEquals(DisconnectReason.PARSE_ERROR, await(reason, "the disconnection"));
        session.get().then().statusCode(400).body("code", equalTo(1));
    }
}
