package io.comet.demo.cluster;

import io.comet.demo.ChatApp;
import io.comet.demo.ChatBrowser;
import io.comet.redis.CometNodeProcess;
import io.comet.redis.RedisCluster;
import io.comet.redis.RoundRobinProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Client to server, exactly once across a node's death: a browser emits 500 {@code broadcast} events 10
 * ms apart to a demo node (a process of its own), which relays each to every client through the
 * cluster; the node is killed ({@code kill -9}) mid-stream, the balancer takes it out of its rotation,
 * and the browser recovers on the other node and sends again what was not confirmed. A browser on the
 * surviving node gets every relayed event once, in order: no emit lost, none run twice.
 */
@DisplayName("A demo node killed under a browser's emits")
class NodeDeathInBrowsersTest {
    private static final int EVENTS = 500;
    private static final int KILL_AT = 150;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    private static final String KEY = "comet-demo-test-" + UUID.randomUUID();
    private static RedisCluster membership;
    private static ChatApp survivor;
    private static ChatBrowser sender;
    private static ChatBrowser receiver;
    private final List<AutoCloseable> perTest = new ArrayList<>();

    @BeforeAll
    static void start() {
        membership = RedisCluster.builder("redis://127.0.0.1:6379").key(KEY).build();
        survivor = new ChatApp("127.0.0.1", 0, b -> b.adapter(membership)).start();
        membership.subscribed().join();
        sender = ChatBrowser.launch("Sender", "http://127.0.0.1:" + survivor.port() + "/");
        receiver = ChatBrowser.launch("Receiver", "http://127.0.0.1:" + survivor.port() + "/");
    }

    @AfterAll
    static void stop() {
        sender.close();
        receiver.close();
        survivor.stop();
        membership.close();
    }

    @AfterEach
    void leave() throws Exception {
        sender.leave();
        receiver.leave();
        for (AutoCloseable c : perTest) {
            c.close();
        }
        perTest.clear();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "xhr-streaming", "eventsource", "htmlfile", "polling", "jsonp-polling"})
    @DisplayName("500 emits 10 ms apart, the node killed at the 150th: each relayed once, in order, and the browser recovered")
    void emitsSurviveTheirNode(String transport) {
        CometNodeProcess doomed = CometNodeProcess.start(DemoNode.class, KEY);
        perTest.add(doomed);
        RoundRobinProxy balancer = RoundRobinProxy.over(List.of(doomed.port(), survivor.port()));
        perTest.add(balancer);
        balancer.rotate(0);
        sender.openUrl(balancer.url() + "/?" + query("transports", transport, "nick", unique("Sender"))).awaitConnected();
        receiver.openConnected(query("nick", unique("Receiver")));
        receiver.script("window.__got = []; window.socket.on('broadcast', function (n) { window.__got.push(n); });");

        sender.script("var i = 0, t = setInterval(function () { window.socket.emit('broadcast', i++);"
                + " if (i === " + EVENTS + ") clearInterval(t); }, 10);");
        receiver.await(KILL_AT + " relayed events", DELIVERY_TIMEOUT, d -> received() >= KILL_AT);
        long killedAt = System.nanoTime();
        doomed.kill();
        balancer.rotate(1);
        sender.await("the sender to recover", DELIVERY_TIMEOUT, d -> Boolean.TRUE.equals(sender.script(
                "return window.socket.connected === true && window.socket.recovered === true;")));
        long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
        receiver.await(EVENTS + " relayed events", DELIVERY_TIMEOUT, d -> received() >= EVENTS);
        // One more: a repeat of an earlier emit, relayed twice, would arrive before it.
        sender.script("window.socket.emit('broadcast', 'last');");
        receiver.await("the last one", d -> ((List<?>) receiver.script("return window.__got;")).contains("last"));

        List<Object> got = new ArrayList<>((List<?>) receiver.script("return window.__got;"));
        System.out.printf("%s: the sender recovered %d ms after the kill; %d events relayed%n", transport, recoveredMillis, got.size() - 1);
        List<Object> expected = new ArrayList<>(IntStream.range(0, EVENTS).mapToObj(n -> (Object) (long) n).toList());
        expected.add("last");
        assertEquals(expected, got, "every emit relayed once, in order");
    }

    private static int received() {
        return ((Number) receiver.script("return window.__got.length;")).intValue();
    }
}
