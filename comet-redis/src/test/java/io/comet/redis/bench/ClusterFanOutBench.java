package io.comet.redis.bench;

import io.comet.redis.RedisCluster;
import io.comet.test.FanOut;
import io.comet.test.TestServer;
import io.comet.test.WebSocketCrowd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints what crossing nodes costs: a broadcast to 200 reading WebSocket clients made on the clients'
 * own node, against the same made on another node and carried by Redis, alternating in one JVM (a
 * ratio: absolute times on a shared machine are noise). Reports messages per second through Redis and
 * CPU per delivered message: the server threads of both nodes (the clients' readers not counted) plus
 * the Redis server process. Not part of the test command; docs/scaling.md gives the command.
 */
public final class ClusterFanOutBench {
    private static final int CLIENTS = 200;
    private static final int EVENTS = 10_000;
    private static final int ROUNDS = 3;
    private static final int WINDOW = 1_000;

    private ClusterFanOutBench() {
    }

    /** One run's figures. */
    private record Result(double cpuNanosPerDelivery, double broadcastsPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        String payload = "x".repeat(100);
        run(false, payload); // warm-up
        run(true, payload);
        double localCpu = 0;
        double clusterCpu = 0;
        double localRate = 0;
        double clusterRate = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Result local = run(false, payload);
            Result cluster = run(true, payload);
            localCpu += local.cpuNanosPerDelivery();
            clusterCpu += cluster.cpuNanosPerDelivery();
            localRate += local.broadcastsPerSecond();
            clusterRate += cluster.broadcastsPerSecond();
        }
        System.out.printf("one node:  %.0f broadcasts/s, CPU per delivered message %.2f us%n",
                localRate / ROUNDS, localCpu / ROUNDS * 1e-3);
        System.out.printf("two nodes: %.0f broadcasts/s through Redis, CPU per delivered message %.2f us (Redis included)%n",
                clusterRate / ROUNDS, clusterCpu / ROUNDS * 1e-3);
        System.out.printf("ratio two nodes / one node: CPU %.2f, broadcasts/s %.2f%n", clusterCpu / localCpu, clusterRate / localRate);
        System.exit(0);
    }

    private static Result run(boolean acrossNodes, String payload) throws Exception {
        String key = "comet-bench-" + UUID.randomUUID();
        try (RedisCluster a = RedisCluster.builder("redis://127.0.0.1:6379").key(key).build();
             RedisCluster b = RedisCluster.builder("redis://127.0.0.1:6379").key(key).build();
             TestServer sender = TestServer.with(s -> s.pingInterval(60_000).adapter(a)).start();
             TestServer receiver = TestServer.with(s -> s.pingInterval(60_000).adapter(b)).start()) {
            a.subscribed().join();
            b.subscribed().join();
            TestServer clientsOn = acrossNodes ? receiver : sender;
            CountDownLatch joined = new CountDownLatch(CLIENTS);
            clientsOn.sockets().onConnection(socket -> joined.countDown());
            try (WebSocketCrowd crowd = WebSocketCrowd.open(clientsOn.port(), clientsOn.path(), CLIENTS, true)) {
                if (!joined.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("clients did not join");
                }
                long cpu = FanOut.serverCpu() + redisCpu();
                long began = System.nanoTime();
                FanOut.broadcastPaced(() -> sender.server().emit("e", payload), crowd, CLIENTS, EVENTS, WINDOW);
                double seconds = (System.nanoTime() - began) / 1e9;
                double perDelivery = (double) (FanOut.serverCpu() + redisCpu() - cpu) / ((long) CLIENTS * EVENTS);
                return new Result(perDelivery, EVENTS / seconds);
            }
        }
    }

    /** The Redis server's CPU time so far, in nanoseconds, from /proc (0 when it cannot be read). */
    private static long redisCpu() throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                Path comm = proc.resolve("comm");
                if (proc.getFileName().toString().chars().allMatch(Character::isDigit) && Files.isReadable(comm)
                        && Files.readString(comm).trim().equals("redis-server")) {
                    String[] stat = Files.readString(proc.resolve("stat")).replaceAll(".*\\) ", "").split(" ");
                    long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime
                    return ticks * 10_000_000L; // USER_HZ 100
                }
            }
        }
        return 0;
    }
}
