package io.comet.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a script of src/test/node (where Maven installs the stock npm socket.io-client) with Node and
 * reads the JSON it prints on its last line; a script that fails or overruns fails the test with
 * everything it printed.
 */
public final class NodeClients {
    /** The Node project of the interop scripts, relative to comet-server. */
    public static final Path PROJECT = Path.of("src", "test", "node");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeClients() {
    }

    /** Runs {@code node <script> <args...>} for at most {@code timeoutSeconds}; its last line, as JSON. */
    public static JsonNode run(long timeoutSeconds, String script, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("node-client", ".out");
        try {
            List<String> command = new ArrayList<>(List.of("node", script));
            command.addAll(List.of(args));
            Process node = new ProcessBuilder(command)
                    .directory(PROJECT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!node.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                fail("the Node client did not finish within " + timeoutSeconds + " s: " + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (node.exitValue() != 0) {
                fail("the Node client failed (exit " + node.exitValue() + "): " + output);
            }
            return JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
