package io.comet.demo.transports;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.comet.demo.transports.NodeScripts.NODE_PROJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * comet.js, as built into the comet-js jar, parses as ECMAScript 5 with nothing newer: the npm parser
 * acorn ({@code ecmaVersion: 5, sourceType: "script"}) run by Node on src/test/node/check-es5.js (Maven
 * installs acorn there with npm ci).
 */
class Es5SyntaxTest {
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
        Path client = NodeScripts.builtClient(dir);

        NodeScripts.Result result = check(client);

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

        NodeScripts.Result result = check(es5, es2015);

        assertEquals(1, result.exit(), result.output());
        List<String> lines = result.output().lines().toList();
        assertEquals(2, lines.size(), result.output());
        assertEquals(es5 + ": ES5", lines.get(0));
        assertTrue(lines.get(1).startsWith(es2015 + ": ") && lines.get(1).endsWith(" (2:0)"),
                "the ES2015 file refused at line 2, column 0: " + lines.get(1));
    }

    private NodeScripts.Result check(Path... files) throws IOException, InterruptedException {
        String[] args = new String[files.length + 1];
        args[0] = "check-es5.js";
        for (int i = 0; i < files.length; i++) {
            args[i + 1] = files[i].toAbsolutePath().toString();
        }
        return NodeScripts.run(dir, Map.of(), TIMEOUT_SECONDS, args);
    }
}
