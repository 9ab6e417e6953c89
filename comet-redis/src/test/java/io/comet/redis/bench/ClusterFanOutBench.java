package io.comet.redis.bench;

import io.comet.redis.RedisCluster;
import io.comet.test.FanOut;
import io.comet.test.TestServer;
import io.comet.test.WebSocketCrowd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints what crossing nodes costs: 10,000 broadcasts to 200 reading WebSocket clients made on one node
 * with no Redis, against the same made on another node and carried by Redis, in the streams format (the
 * cluster's log) and in the pub/sub one, in turns in one JVM (a ratio: absolute times on a shared machine
 * are noise). Reports broadcasts per second and CPU per delivered message: the server threads of both
 * nodes (the clients' readers not counted) plus the Redis server process. Not part of the test command;
 * docs/scaling.md gives the command.
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

    /** Where the broadcasts are made, and how they reach the clients' node. */
    private enum Scenario {
        ONE_NODE("one node, no Redis"),
        STREAMS("two nodes, streams format"),
        PUB_SUB("two nodes, pub/sub format");

        final String label;

        Scenario(String label) {
            this.label = label;
        }
    }

    public static void main(String[] args) throws Exception {
        String payload = "x".repeat(100);
        Map<Scenario, double[]> sums = new EnumMap<>(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            run(scenario, payload); // warm-up
            sums.put(scenario, new double[2]);
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (Scenario scenario : Scenario.values()) {
                Result r = run(scenario, payload);
                sums.get(scenario)[0] += r.cpuNanosPerDelivery();
                sums.get(scenario)[1] += r.broadcastsPerSecond();
            }
        }
        double[] base = sums.get(Scenario.ONE_NODE);
        for (Scenario scenario : Scenario.values()) {
            double[] sum = sums.get(scenario);
            System.out.printf("%-27s %5.0f broadcasts/s, CPU per delivered message %.2f us (Redis included); ratio to one node: CPU %.2f, rate %.2f%n",
                    scenario.label + ":", sum[1] / ROUNDS, sum[0] / ROUNDS * 1e-3, sum[0] / base[0], sum[1] / base[1]);
        }
        System.exit(0);
    }

    private static Result run(Scenario scenario, String payload) throws Exception {
        if (scenario == Scenario.ONE_NODE) {
            try (TestServer node = TestServer.with(s -> s.pingInterval(60_000)).start()) {
                return measure(node, node, payload);
            }
        }
        RedisCluster.Format format = scenario == Scenario.STREAMS ? RedisCluster.Format.STREAMS : RedisCluster.Format.PUB_SUB;
        String key = "comet-bench-" + UUID.randomUUID();
        try (RedisCluster a = RedisCluster.builder("redis://127.0.0.1:6379").key(key).format(format).build();
             RedisCluster b = RedisCluster.builder("redis://127.0.0.1:6379").key(key).format(format).build();
             TestServer sender = TestServer.with(s -> s.pingInterval(60_000).adapter(a)).start();
             TestServer receiver = TestServer.with(s -> s.pingInterval(60_000).adapter(b)).start()) {
            a.subscribed().join();
            b.subscribed().join();
            return measure(sender, receiver, payload);
        }
    }

    /** 200 WebSocket clients on {@code clientsOn}; {@code sender} broadcasts 10,000 events to them, paced by what they read. */
    private static Result measure(TestServer sender, TestServer clientsOn, String payload) throws Exception {
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
