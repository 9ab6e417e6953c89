package io.comet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.test.InteropApp;
import io.comet.test.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The stock npm socket.io-client v4, run by Node on src/test/node/interop-client.js (Maven installs it
 * there with npm ci). The script plays one scenario against {@link InteropApp} and prints what it saw.
 */
@DisplayName("Interop with the npm socket.io-client v4 under Node")
class NodeClientInteropTest {
    private static final Path NODE_PROJECT = Path.of("src", "test", "node");
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
        Path out = Files.createTempFile("node-client", ".out");
        try {
            Process node = new ProcessBuilder("node", "interop-client.js", server.url(), transports)
                    .directory(NODE_PROJECT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                fail("the Node client did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8).trim();
            String lastLine = output.substring(output.lastIndexOf('\n') + 1);
            if (node.exitValue() != 0) {
                fail("the Node client failed (exit " + node.exitValue() + "): " + output);
            }
            return JSON.readTree(lastLine);
        } finally {
            Files.deleteIfExists(out);
        }
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
