package io.comet.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.test.CuttingProxy;
import io.comet.test.NodeClients;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection state recovery with the stock npm socket.io-client v4.8, which no one here wrote: behind
 * a proxy that resets every open connection at random moments 300–1500 ms apart, while the server broadcasts a
 * numbered tick every 10 ms, the client gets every tick once, in order, and says {@code recovered}
 * after every reconnect.
 */
@DisplayName("Connection state recovery with the npm socket.io-client v4.8 through a cutting proxy")
class NodeClientRecoveryTest {
    private static final int TICKS = 400;
    private static final long TIMEOUT_SECONDS = 90;

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void everyTickOnceInOrderAndRecoveredAfterEveryCut(String transport) throws Exception {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        try (TestServer server = TestServer.withDefaults().start();
             CuttingProxy proxy = CuttingProxy.start(server.port()).sweeping(true)) {
            server.sockets().onConnection(socket -> socket.on("start", (args, ack) ->
                    ticker.scheduleAtFixedRate(() -> {
                        int n = sent.incrementAndGet();
                        if (n <= TICKS) {
                            server.server().emit("tick", n);
                        }
                    }, 0, 10, TimeUnit.MILLISECONDS)));
            JsonNode result = runClient(proxy.url(), transport);
            List<Integer> ticks = new ArrayList<>();
            result.path("ticks").forEach(t -> ticks.add(t.asInt()));
            List<Boolean> recovered = new ArrayList<>();
            result.path("recovered").forEach(r -> recovered.add(r.asBoolean()));
            System.out.printf("npm socket.io-client over %s: %d cuts, %d reconnects, %d ticks%n",
                    transport, proxy.cuts(), recovered.size(), ticks.size());
            assertEquals(IntStream.rangeClosed(1, TICKS).boxed().toList(), ticks, "every tick, once, in order");
            assertTrue(recovered.size() >= 1, "the proxy cut the client at least once: " + result);
            assertEquals(List.of(), recovered.stream().filter(r -> !r).toList(), "recovered after every reconnect: " + result);
            assertTrue(result.path("badOffset").isMissingNode(), "every tick carries its offset: " + result);
        } finally {
            ticker.shutdownNow();
        }
    }

    private static JsonNode runClient(String url, String transport) throws IOException, InterruptedException {
        return NodeClients.run(TIMEOUT_SECONDS, "recovery-client.js", url, transport, String.valueOf(TICKS));
    }
}
