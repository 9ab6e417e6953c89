package io.comet.demo.transports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * comet.js, as built, against a simulated server that speaks docs/delivery.md (and one that speaks the
 * plain protocol), in Node with a fake XMLHttpRequest and WebSocket: src/test/node/delivery. Cuts are
 * made at will there (responses lost in flight, failed POSTs, a dead network, a cut while the upgrade
 * pauses, a forgotten session), which checks the client's side of delivery before and beside the
 * browser tests against the real server.
 */
class DeliverySimulationTest {
    private static final long TIMEOUT_SECONDS = 180;
    private static final Pattern PASSED = Pattern.compile("(?m)^# pass (\\d+)$");
    private static final Pattern FAILED = Pattern.compile("(?m)^# fail (\\d+)$");

    @TempDir
    Path dir;

    @Test
    void theClientKeepsEveryPacketAndEveryEmitAcrossSimulatedCuts() throws Exception {
        Path client = NodeScripts.builtClient(dir);

        NodeScripts.Result result = NodeScripts.run(dir, Map.of("COMET_JS", client.toAbsolutePath().toString()),
                TIMEOUT_SECONDS, "--test", "--test-concurrency=1", "delivery/engine.test.js", "delivery/socket.test.js");

        assertEquals(0, result.exit(), result.output());
        Matcher passed = PASSED.matcher(result.output());
        Matcher failed = FAILED.matcher(result.output());
        assertTrue(passed.find() && failed.find(), "no test summary from node --test: " + result.output());
        assertEquals("0", failed.group(1), result.output());
        assertTrue(Integer.parseInt(passed.group(1)) >= 18, "tests passed: " + passed.group(1));
        System.out.println("delivery simulation: " + passed.group(1) + " passed");
    }
}
