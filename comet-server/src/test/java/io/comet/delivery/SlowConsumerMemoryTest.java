package io.comet.delivery;

import io.comet.test.TestServer;
import io.comet.test.WebSocketCrowd;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory a server spends on clients that never read: 1,000 WebSocket clients stop reading right
 * after joining, and 100,000 events of 200 bytes are broadcast to them. Each client's queue is bounded
 * (it is disconnected with 'queue overflow' once full) and so is its recovery history (given up once it
 * can no longer serve a recovery), so the live heap stays under a bound, whatever the number of events.
 */
@DisplayName("Clients that never read cost bounded memory")
public class SlowConsumerMemoryTest {
    static final int CLIENTS = 1_000;
    static final int EVENTS = 100_000;
    /** The stated bound on the live heap after GC, at any checkpoint: defaults, 1,000 stalled clients. */
    static final long LIVE_HEAP_BOUND = 256L << 20;

    @Test
    @DisplayName("1,000 stalled clients, 100,000 broadcasts of 200 B: live heap stays under 256 MiB")
    void liveHeapStaysBounded() throws Exception {
        long peak = run(CLIENTS, EVENTS, true);
        assertTrue(peak < LIVE_HEAP_BOUND, "peak live heap " + (peak >> 20) + " MiB");
    }

    /** Runs the scenario and returns the highest live heap seen after GC at the checkpoints, in bytes. */
    public static long run(int clients, int events, boolean print) throws Exception {
        String payload = "x".repeat(200);
        long baseline = liveHeap();
        long peak = 0;
        try (TestServer server = TestServer.with(b -> b.pingInterval(60_000)).start()) {
            CountDownLatch joined = new CountDownLatch(clients);
            server.sockets().onConnection(socket -> joined.countDown());
            try (WebSocketCrowd crowd = WebSocketCrowd.open(server.port(), server.path(), clients, false)) {
                assertTrue(joined.await(60, TimeUnit.SECONDS), "all clients joined");
                for (int i = 1; i <= events; i++) {
                    server.server().emit("e", payload);
                    if (i % (events / 10) == 0) {
                        long live = liveHeap() - baseline;
                        peak = Math.max(peak, live);
                        if (print) {
                            System.out.printf("after %,d broadcasts to %,d stalled clients: live heap %,d KiB above baseline, %d connected%n",
                                    i, clients, live >> 10, server.sockets().sockets().size());
                        }
                    }
                }
            }
        }
        return peak;
    }

    /** The heap in use after full collections, in bytes. */
    public static long liveHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
