package io.comet.test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The measuring half of the fan-out benchmarks: broadcasts to a {@link WebSocketCrowd}, paced so that no
 * queue overflows, and the CPU time of the server's threads (the crowd's readers left out).
 */
public final class FanOut {
    private FanOut() {
    }

    /**
     * Runs {@code emit} {@code events} times, never more than {@code window} events ahead of the
     * slowest delivery, and waits until the crowd's {@code clients} got every one (up to 120 s).
     */
    public static void broadcastPaced(Runnable emit, WebSocketCrowd crowd, int clients, int events, int window) {
        long start = crowd.frames();
        long expected = start + (long) clients * events;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < events; i++) {
            emit.run();
            while (crowd.frames() < start + (long) clients * (i - window) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
        }
        while (crowd.frames() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
        if (crowd.frames() < expected) {
            throw new IllegalStateException("delivered " + (crowd.frames() - start) + " of " + (expected - start));
        }
    }

    /**
     * The CPU time of every live thread but the crowd's readers: the server's IO, timer and worker
     * threads, and the caller's, which runs the broadcasts (encoding and queueing).
     */
    public static long serverCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && !info.getThreadName().startsWith(WebSocketCrowd.READER_THREAD)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
