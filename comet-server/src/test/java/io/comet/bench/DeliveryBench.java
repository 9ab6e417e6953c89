package io.comet.bench;

import io.comet.delivery.SlowConsumerMemoryTest;
import io.comet.test.TestServer;
import io.comet.test.WebSocketCrowd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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

    /**
     * The CPU time of every live thread but the clients' readers: the server's IO, timer and worker
     * threads, and this one, which runs the broadcasts (encoding and queueing).
     */
    private static long serverCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && !info.getThreadName().startsWith(WebSocketCrowd.READER_THREAD)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
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
                long start = crowd.frames();
                long expected = start + (long) CLIENTS * EVENTS;
                long cpu = serverCpu();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                for (int i = 0; i < EVENTS; i++) {
                    server.server().emit("e", payload);
                    // Paced: at most WINDOW events ahead of the slowest delivery, so no queue overflows.
                    while (crowd.frames() < start + (long) CLIENTS * (i - WINDOW) && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(100_000);
                    }
                }
                while (crowd.frames() < expected && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(100_000);
                }
                if (crowd.frames() < expected) {
                    throw new IllegalStateException("delivered " + (crowd.frames() - start) + " of " + (expected - start));
                }
                return (double) (serverCpu() - cpu) / ((long) CLIENTS * EVENTS);
            }
        }
    }
}
