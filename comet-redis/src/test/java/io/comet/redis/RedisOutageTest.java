package io.comet.redis;

import io.comet.test.CuttingProxy;
import io.comet.test.JavaClient;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.comet.test.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/**
 * Redis goes away and comes back: behind a proxy that resets every connection and refuses new ones
 * meanwhile, and a Redis server of the test's own killed and started again. The nodes keep serving
 * their own clients without waiting on Redis, and cross-node delivery resumes once Redis is back.
 */
@DisplayName("A cluster while Redis is away")
class RedisOutageTest {

    @Test
    @DisplayName("nodes serve their own clients while Redis is away, and broadcasts cross nodes again once it is back")
    void outageAndReturn() {
        try (CuttingProxy redis = CuttingProxy.start(6379); Cluster cluster = new Cluster("redis://127.0.0.1:" + redis.port())) {
            TestServer a = cluster.node();
            TestServer b = cluster.node();
            try (JavaClient onA = JavaClient.to(a).connect(); JavaClient onB = JavaClient.to(b).connect()) {
                a.server().emit("before", 1);
                assertEquals(List.of(1), onB.next("before").argsBeforeOffset());

                redis.down(true);
                // Never waits on Redis: the emit returns at once, and the node's own client gets it.
                assertTimeout(Duration.ofSeconds(1), () -> a.server().emit("during", 2));
                assertEquals(List.of(2), onA.next("during").argsBeforeOffset());
                b.server().emit("local on b", 3);
                assertEquals(List.of(3), onB.next("local on b").argsBeforeOffset());

                redis.down(false);
                AtomicInteger probes = new AtomicInteger();
                until(() -> {
                    a.server().emit("probe", probes.incrementAndGet());
                    return !onB.events().named("probe").isEmpty();
                }, "broadcasts from a to reach b again after Redis came back");
                a.server().emit("after", 4);
                assertEquals(List.of(4), onB.next("after").argsBeforeOffset());
            }
        }
    }

    @Test
    @DisplayName("nodes survive a real Redis being killed and started again, and broadcasts cross nodes again")
    void redisRestart() throws Exception {
        try (OwnRedis redis = OwnRedis.start(); Cluster cluster = new Cluster(redis.uri())) {
            TestServer a = cluster.node();
            TestServer b = cluster.node();
            try (JavaClient onA = JavaClient.to(a).connect(); JavaClient onB = JavaClient.to(b).connect()) {
                a.server().emit("before", 1);
                assertEquals(List.of(1), onB.next("before").argsBeforeOffset());

                redis.kill();
                assertTimeout(Duration.ofSeconds(1), () -> a.server().emit("during", 2));
                assertEquals(List.of(2), onA.next("during").argsBeforeOffset());

                redis.up();
                AtomicInteger probes = new AtomicInteger();
                until(() -> {
                    a.server().emit("probe", probes.incrementAndGet());
                    return !onB.events().named("probe").isEmpty();
                }, "broadcasts from a to reach b again after Redis restarted");
                a.server().emit("after", 4);
                assertEquals(List.of(4), onB.next("after").argsBeforeOffset());
            }
        }
    }
}
