package io.comet.redis.bench;

import io.comet.redis.RedisCluster;
import io.comet.test.InteropApp;
import io.comet.test.TestServer;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Prints what no sticky sessions cost per request: a polling client's request pairs (a POST with an
 * acknowledged event, then the poll that collects the acknowledgement) sent to the node that holds its
 * session, against the same sent to another node, which forwards them. Wall time per request and the
 * JVM's CPU per request (both nodes, the client too), alternating in one JVM, as ratios. Not part of the
 * test command; docs/scaling.md gives the command.
 */
public final class ForwardingBench {
    private static final int PAIRS = 2_000;
    private static final int ROUNDS = 3;

    private ForwardingBench() {
    }

    public static void main(String[] args) throws Exception {
        String key = "comet-bench-" + UUID.randomUUID();
        try (RedisCluster a = RedisCluster.builder("redis://127.0.0.1:6379").key(key).build();
             RedisCluster b = RedisCluster.builder("redis://127.0.0.1:6379").key(key).build();
             TestServer owner = TestServer.with(s -> s.adapter(a).pingInterval(60_000)).serving(InteropApp::install).start();
             TestServer other = TestServer.with(s -> s.adapter(b).pingInterval(60_000)).serving(InteropApp::install).start()) {
            while (!a.knows(b.uid()) || !b.knows(a.uid())) {
                Thread.sleep(50); // a benchmark's set-up: the nodes learn of each other within 2 s
            }
            HttpClient http = HttpClient.newHttpClient();
            run(http, owner, owner); // warm-up
            run(http, owner, other);
            double[] direct = new double[2];
            double[] forwarded = new double[2];
            for (int round = 0; round < ROUNDS; round++) {
                add(direct, run(http, owner, owner));
                add(forwarded, run(http, owner, other));
            }
            System.out.printf("to the session's node:  %.1f us per request, %.1f us CPU per request%n",
                    direct[0] / ROUNDS * 1e-3, direct[1] / ROUNDS * 1e-3);
            System.out.printf("through another node:   %.1f us per request, %.1f us CPU per request%n",
                    forwarded[0] / ROUNDS * 1e-3, forwarded[1] / ROUNDS * 1e-3);
            System.out.printf("ratio forwarded / direct: time %.2f, CPU %.2f%n", forwarded[0] / direct[0], forwarded[1] / direct[1]);
        }
        System.exit(0);
    }

    private static void add(double[] total, double[] run) {
        total[0] += run[0];
        total[1] += run[1];
    }

    /** Opens a session on {@code owner} and sends its request pairs to {@code via}: nanoseconds of wall time and CPU per request. */
    private static double[] run(HttpClient http, TestServer owner, TestServer via) throws Exception {
        String open = http.send(HttpRequest.newBuilder(URI.create(owner.url() + owner.path() + "?EIO=4&transport=polling")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",\""));
        URI session = URI.create(via.url() + via.path() + "?EIO=4&transport=polling&sid=" + sid);
        post(http, session, "40");
        get(http, session);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long began = System.nanoTime();
        for (int i = 0; i < PAIRS; i++) {
            post(http, session, "42" + i + "[\"echo-ack\"," + i + "]");
            String answer = get(http, session);
            if (!answer.startsWith("43" + i + "[")) {
                throw new IllegalStateException("unexpected answer " + answer);
            }
        }
        long wall = System.nanoTime() - began;
        long used = os.getProcessCpuTime() - cpu;
        post(http, session, "1");
        return new double[] {(double) wall / (2 * PAIRS), (double) used / (2 * PAIRS)};
    }

    private static void post(HttpClient http, URI session, String payload) throws Exception {
        http.send(HttpRequest.newBuilder(session).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String get(HttpClient http, URI session) throws Exception {
        return http.send(HttpRequest.newBuilder(session).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
