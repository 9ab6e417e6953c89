package io.comet.demo.delivery;

import io.comet.demo.ChatApp;
import io.comet.demo.ChatBrowser;
import io.comet.test.CuttingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing lost, nothing twice, in order, both ways, with connections cut: two real browsers each reach
 * the chat server through their own proxy, which resets every open connection at random moments
 * 300–1500 ms apart, while one of them emits numbered events 10 ms apart. Each transport of comet.js is
 * forced alone. The pages load before the cutting starts, and both must be connected once it stops.
 */
@DisplayName("Delivery through cut connections, in browsers")
class CutConnectionsTest {
    private static final int EVENTS = 500;
    private static final int ACKS = 200;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);

    private static ChatApp app;
    private static ChatBrowser sender;
    private static ChatBrowser receiver;
    private static final AtomicInteger broadcastRuns = new AtomicInteger();
    private static final AtomicInteger echoRuns = new AtomicInteger();
    private final List<CuttingProxy> proxies = new ArrayList<>();

    static Stream<String> transports() {
        return Stream.of("websocket", "xhr-streaming", "eventsource", "htmlfile", "polling", "jsonp-polling");
    }

    @BeforeAll
    static void start() {
        app = new ChatApp("127.0.0.1", 0).start();
        // Counted beside the chat's own handlers: how often the server ran the handler of each event.
        app.comet().sockets().onConnection(socket -> {
            socket.on("broadcast", (args, ack) -> broadcastRuns.incrementAndGet());
            socket.on("echo", (args, ack) -> echoRuns.incrementAndGet());
        });
        sender = ChatBrowser.launch("Sender", "http://127.0.0.1:" + app.port() + "/");
        receiver = ChatBrowser.launch("Receiver", "http://127.0.0.1:" + app.port() + "/");
    }

    @AfterAll
    static void stop() {
        sender.close();
        receiver.close();
        app.stop();
    }

    @AfterEach
    void leave() {
        sender.leave();
        receiver.leave();
        proxies.forEach(CuttingProxy::close);
        proxies.clear();
    }

    /** Loads the chat through a proxy of its own, forcing the transport, and waits until it is connected. */
    private CuttingProxy openBehindProxy(ChatBrowser browser, String transport) {
        CuttingProxy proxy = CuttingProxy.start(app.port());
        proxies.add(proxy);
        browser.openUrl(proxy.url() + "/?" + query("transports", transport, "nick", unique(browser.name()))).awaitConnected();
        return proxy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @DisplayName("500 broadcasts emitted 10 ms apart reach the other browser once each, in order; 500 handler runs")
    void broadcasts(String transport) {
        CuttingProxy toSender = openBehindProxy(sender, transport);
        CuttingProxy toReceiver = openBehindProxy(receiver, transport);
        receiver.script("window.__got = []; window.socket.on('broadcast', function (n) { window.__got.push(n); });");
        int runsBefore = broadcastRuns.get();
        toSender.sweeping(true);
        toReceiver.sweeping(true);
        long start = System.nanoTime();
        sender.script("var i = 0, t = setInterval(function () { window.socket.emit('broadcast', i++);"
                + " if (i === " + EVENTS + ") clearInterval(t); }, 10);");
        receiver.await(EVENTS + " broadcasts", DELIVERY_TIMEOUT,
                d -> ((Number) receiver.script("return window.__got.length;")).intValue() >= EVENTS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        toSender.sweeping(false);
        toReceiver.sweeping(false);
        sender.awaitConnected();
        receiver.awaitConnected();

        List<Long> got = numbers(receiver.script("return window.__got;"));
        long distinct = got.stream().distinct().count();
        System.out.printf("%s: %d/%d broadcasts in %d ms, %d lost, %d twice; cuts: sender %d, receiver %d%n",
                transport, distinct, EVENTS, millis, EVENTS - distinct, got.size() - distinct, toSender.cuts(), toReceiver.cuts());
        assertEquals(range(EVENTS), got, "every broadcast once, in order");
        assertEquals(EVENTS, broadcastRuns.get() - runsBefore, "the server ran the handler once per emit");
        assertTrue(toSender.cuts() > 0 && toReceiver.cuts() > 0, "both browsers' connections were cut");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @DisplayName("200 emits with acks: each handler runs once, each callback fires once with its answer")
    void acks(String transport) {
        CuttingProxy proxy = openBehindProxy(sender, transport);
        int runsBefore = echoRuns.get();
        sender.script("window.__answers = {}; window.__answered = 0;");
        proxy.sweeping(true);
        long start = System.nanoTime();
        sender.script("var i = 0, t = setInterval(function () { var n = i++;"
                + " window.socket.emit('echo', n, function (answer) {"
                + "   var list = window.__answers[n] = window.__answers[n] || []; list.push(answer); window.__answered++; });"
                + " if (i === " + ACKS + ") clearInterval(t); }, 10);");
        sender.await(ACKS + " answers", DELIVERY_TIMEOUT,
                d -> ((Number) sender.script("return window.__answered;")).intValue() >= ACKS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        proxy.sweeping(false);
        sender.awaitConnected();
        // One more round trip: an answer repeated late would have arrived before this one's.
        assertEquals(List.of("last"), sender.emitWithAck("echo", "last"));

        @SuppressWarnings("unchecked")
        Map<String, List<Object>> answers = (Map<String, List<Object>>) sender.script("return window.__answers;");
        System.out.printf("%s: %d/%d acks in %d ms; cuts %d%n", transport, answers.size(), ACKS, millis, proxy.cuts());
        for (int n = 0; n < ACKS; n++) {
            assertEquals(List.of((long) n), numbers(answers.get(String.valueOf(n))), "the callback of emit " + n + " fired once, with its answer");
        }
        assertEquals(ACKS + 1, echoRuns.get() - runsBefore, "the server ran each handler once");
        assertTrue(proxy.cuts() > 0, "the connections were cut");
    }

    static Stream<String> pollingTransports() {
        return Stream.of("polling", "jsonp-polling");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pollingTransports")
    @DisplayName("poll answers the server wrote but the proxy never delivered come again: 300 pushed events once each, in order")
    void droppedAnswers(String transport) {
        CuttingProxy proxy = openBehindProxy(sender, transport);
        sender.script("window.__count = []; window.socket.on('count', function (n) { window.__count.push(n); });");
        proxy.dropResponses(5);
        // The chat's "count" pushes that many numbered events to the sender, then acknowledges.
        assertEquals(List.of(300L), numbers(sender.emitWithAck("count", 300)));
        sender.await("300 pushed events", DELIVERY_TIMEOUT,
                d -> ((Number) sender.script("return window.__count.length;")).intValue() >= 300);
        System.out.printf("%s: %d answers dropped after the server wrote them%n", transport, proxy.droppedResponses());
        assertEquals(range(300), numbers(sender.script("return window.__count;")), "every event once, in order");
        assertTrue(proxy.droppedResponses() > 0, "answers were dropped");
    }

    private static List<Long> numbers(Object list) {
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(((Number) o).longValue());
        }
        return out;
    }

    /** 0, 1, ..., n - 1. */
    private static List<Long> range(int n) {
        return IntStream.range(0, n).mapToObj(i -> (long) i).toList();
    }
}
