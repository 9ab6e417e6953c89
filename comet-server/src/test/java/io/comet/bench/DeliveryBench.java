package io.comet.bench;

import io.comet.delivery.SlowConsumerMemoryTest;
import io.comet.test.FanOut;
import io.comet.test.TestServer;
import io.comet.test.WebSocketCrowd;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints what delivery costs: the server's CPU time per delivered message of a broadcast to reading
 * WebSocket clients (the clients' own threads not counted) with connection state recovery on and off (alternating runs in one JVM, as a ratio, since
 * absolute times on a shared machine are noise), and the live heap of the stalled-clients scenario.
 * Not part of the test command; docs/delivery.md gives the command that runs it.
 */
public final class DeliveryBench {
    private static final int CLIENTS = 200;
    private static final int EVENTS = 20_000;
    private static final int ROUNDS = 3;
    private static final int WINDOW = 1_000;

    private DeliveryBench() {
    }

    public static void main(String[] args) throws Exception {
        String payload = "x".repeat(200);
        run(Duration.ofMinutes(2), payload); // warm-up
        double on = 0;
        double off = 0;
        for (int round = 0; round < ROUNDS; round++) {
            on += run(Duration.ofMinutes(2), payload);
            off += run(Duration.ZERO, payload);
        }
        System.out.printf("CPU per delivered message: recovery on %.3f us, off %.3f us, ratio on/off %.2f%n",
                on / ROUNDS * 1e-3, off / ROUNDS * 1e-3, on / off);
        long peak = SlowConsumerMemoryTest.run(1_000, 100_000, false);
        System.out.printf("1,000 stalled clients, 100,000 broadcasts of 200 B: peak live heap %,d KiB%n", peak >> 10);
        System.exit(0);
    }

    /** Broadcasts EVENTS to CLIENTS reading clients; the process CPU nanoseconds per delivered message. */
    private static double run(Duration recovery, String payload) throws Exception {
        try (TestServer server = TestServer.with(b -> b.pingInterval(60_000).connectionStateRecovery(recovery)).start()) {
            CountDownLatch joined = new CountDownLatch(CLIENTS);
            server.sockets().onConnection(socket -> joined.countDown());
            try (WebSocketCrowd crowd = WebSocketCrowd.open(server.port(), server.path(), CLIENTS, true)) {
                if (!joined.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("clients did not join");
                }
                long cpu = FanOut.serverCpu();
                FanOut.broadcastPaced(() -> server.server().emit("e", payload), crowd, CLIENTS, EVENTS, WINDOW);
                return (double) (FanOut.serverCpu() - cpu) / ((long) CLIENTS * EVENTS);
            }
        }
    }
}
