package io.comet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.test.InteropApp;
import io.comet.test.NodeClients;
import io.comet.test.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock npm socket.io-client v4, run by Node on src/test/node/interop-client.js (Maven installs it
 * there with npm ci). The script plays one scenario against {@link InteropApp} and prints what it saw.
 */
@DisplayName("Interop with the npm socket.io-client v4 under Node")
class NodeClientInteropTest {
    private static final Path NODE_PROJECT = NodeClients.PROJECT;
    private static final long TIMEOUT_SECONDS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().serving(InteropApp::install);

    @BeforeAll
    static void clientInstalled() {
        assertTrue(Files.isDirectory(NODE_PROJECT.resolve("node_modules/socket.io-client")),
                "socket.io-client is not installed in " + NODE_PROJECT.toAbsolutePath() + ": run npm ci there (Maven does it in generate-test-resources)");
    }

    /** Runs the Node script and returns its JSON result; a failure shows what the script printed. */
    private static JsonNode runClient(String transports) throws IOException, InterruptedException {
        return NodeClients.run(TIMEOUT_SECONDS, "interop-client.js", server.url(), transports);
    }

    private static void assertJson(String expected, JsonNode actual) throws IOException {
        assertEquals(JSON.readTree(expected), actual);
    }

    @ParameterizedTest(name = "transports {0}")
    @CsvSource({
            "websocket,         websocket, ''",
            "polling,           polling,   ''",
            "'polling,websocket', websocket, websocket",
    })
    @DisplayName("connects, echoes text, numbers, JSON and binary, and acknowledges both ways")
    void scenario(String transports, String finalTransport, String upgradedTo) throws Exception {
        JsonNode result = runClient(transports);

        assertTrue(result.path("connected").asBoolean(), result.toString());
        assertEquals(finalTransport, result.path("transport").asText(), "client transport");
        assertEquals(finalTransport, result.path("serverTransport").asText(), "server transport");
        assertEquals(upgradedTo.isEmpty() ? null : upgradedTo, result.path("upgradedTo").textValue(), "upgrade");
        assertJson("[\"text\",42,{\"a\":{\"b\":[1,2]}},{\"binary\":\"AAH+/w==\"}]", result.path("echo"));
        assertJson("[\"ping\",7,{\"binary\":\"CQ==\"}]", result.path("ack"));
        assertJson("[\"HELLO\",2]", result.path("answer"));
    }
}
