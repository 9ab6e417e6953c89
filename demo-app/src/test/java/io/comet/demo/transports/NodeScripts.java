package io.comet.demo.transports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The built comet.js and the Node scripts in src/test/node that the client's tests run on it. */
final class NodeScripts {
    static final Path NODE_PROJECT = Path.of("src", "test", "node");
    private static final String CLIENT = "io/comet/client/comet.js";

    private NodeScripts() {
    }

    /** What a script printed (standard output and error together) and its exit code. */
    record Result(int exit, String output) {
    }

    /** comet.js as built into the comet-js jar (on the test classpath), copied into {@code dir}. */
    static Path builtClient(Path dir) throws IOException {
        Path client = dir.resolve("comet.js");
        try (InputStream in = NodeScripts.class.getClassLoader().getResourceAsStream(CLIENT)) {
            assertNotNull(in, CLIENT + " is not on the test classpath (the comet-js jar)");
            Files.copy(in, client);
        }
        assertTrue(Files.size(client) > 10_000, "comet.js is only " + Files.size(client) + " bytes");
        return client;
    }

    /** Runs {@code node args...} in src/test/node with {@code env} added; output goes through a file in {@code dir}. */
    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path out = dir.resolve("node.out");
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(NODE_PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().putAll(env);
        Process node = builder.start();
        if (!node.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("node " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s: " + Files.readString(out));
        }
        return new Result(node.exitValue(), Files.readString(out, StandardCharsets.UTF_8).trim());
    }
}
