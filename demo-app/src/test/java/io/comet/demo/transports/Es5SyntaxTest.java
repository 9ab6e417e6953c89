package io.comet.demo.transports;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * comet.js, as built into the comet-js jar, parses as ECMAScript 5 with nothing newer: the npm parser
 * acorn ({@code ecmaVersion: 5, sourceType: "script"}) run by Node on src/test/node/check-es5.js (Maven
 * installs acorn there with npm ci).
 */
class Es5SyntaxTest {
    private static final Path NODE_PROJECT = Path.of("src", "test", "node");
    private static final String CLIENT = "io/comet/client/comet.js";
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    @BeforeAll
    static void acornInstalled() {
        assertTrue(Files.isDirectory(NODE_PROJECT.resolve("node_modules/acorn")),
                "acorn is not installed in " + NODE_PROJECT.toAbsolutePath() + ": run npm ci there (Maven does it in generate-test-resources)");
    }

    @Test
    void theBuiltCometJsParsesAsEcmaScript5() throws Exception {
        Path client = dir.resolve("comet.js");
        try (InputStream in = Es5SyntaxTest.class.getClassLoader().getResourceAsStream(CLIENT)) {
            assertNotNull(in, CLIENT + " is not on the test classpath (the comet-js jar)");
            Files.copy(in, client);
        }
        assertTrue(Files.size(client) > 10_000, "comet.js is only " + Files.size(client) + " bytes");

        Result result = check(client);

        assertEquals(0, result.exit(), "acorn (ecmaVersion 5) on comet.js: " + result.output());
        assertEquals(client + ": ES5", result.output());
    }

    /** The check can fail: ES2015 syntax is refused, with where and why. */
    @Test
    void theCheckRefusesEcmaScript2015Syntax() throws Exception {
        Path es5 = dir.resolve("es5.js");
        Files.writeString(es5, "var add = function (a, b) { return a + b; };\n");
        Path es2015 = dir.resolve("es2015.js");
        Files.writeString(es2015, "var ok = 1;\nconst add = (a, b) => a + b;\n");

        Result result = check(es5, es2015);

        assertEquals(1, result.exit(), result.output());
        List<String> lines = result.output().lines().toList();
        assertEquals(2, lines.size(), result.output());
        assertEquals(es5 + ": ES5", lines.get(0));
        assertTrue(lines.get(1).startsWith(es2015 + ": ") && lines.get(1).endsWith(" (2:0)"),
                "the ES2015 file refused at line 2, column 0: " + lines.get(1));
    }

    private record Result(int exit, String output) {
    }

    private Result check(Path... files) throws IOException, InterruptedException {
        Path out = dir.resolve("check-es5.out");
        String[] command = new String[files.length + 2];
        command[0] = "node";
        command[1] = "check-es5.js";
        for (int i = 0; i < files.length; i++) {
            command[i + 2] = files[i].toAbsolutePath().toString();
        }
        Process node = new ProcessBuilder(command)
                .directory(NODE_PROJECT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("node check-es5.js did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(out));
        }
        return new Result(node.exitValue(), Files.readString(out, StandardCharsets.UTF_8).trim());
    }
}
