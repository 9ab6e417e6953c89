package io.comet.interop;

import io.comet.Socket;
import io.comet.test.Await;
import io.comet.test.EventLog;
import io.comet.test.JavaClient;
import io.comet.test.JavaClient.Transports;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Ordering: what the server emits arrives complete and in order")
class JavaClientOrderingTest {
    private static final int COUNT = 1000;

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static List<Object> firstArgs(JavaClient client, String event, int count) throws InterruptedException {
        return client.events().first(count, event, Await.TIMEOUT).stream().map(e -> e.arg(0)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transports.class)
    @DisplayName("1000 events emitted in a burst, also while the connection upgrades")
    void burst(Transports transports) throws InterruptedException {
        try (JavaClient client = JavaClient.connect(server, transports)) {
            Socket socket = server.sockets().socket(client.id()).orElseThrow();

            IntStream.range(0, COUNT).forEach(i -> socket.emit("seq", i));

            assertEquals(IntStream.range(0, COUNT).boxed().toList(), firstArgs(client, "seq", COUNT));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("binary events keep their place among text events")
    void binaryInterleaved(Transports transports) throws InterruptedException {
        int count = 200;
        try (JavaClient client = JavaClient.connect(server, transports)) {
            Socket socket = server.sockets().socket(client.id()).orElseThrow();

            for (int i = 0; i < count; i++) {
                if (i % 2 == 0) {
                    socket.emit("seq", i);
                } else {
                    socket.emit("seq", i, new byte[]{(byte) i});
                }
            }

            List<EventLog.Event> events = client.events().first(count, "seq", Await.TIMEOUT);
            assertEquals(IntStream.range(0, count).boxed().toList(), events.stream().map(e -> e.arg(0)).toList());
            for (int i = 1; i < count; i += 2) {
                assertArrayEquals(new byte[]{(byte) i}, (byte[]) events.get(i).arg(1), "attachment of event " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transports.class, names = {"WEBSOCKET", "POLLING"})
    @DisplayName("events emitted from several threads at once all arrive, each thread's in its order")
    void concurrentEmitters(Transports transports) throws InterruptedException {
        int threads = 4;
        int perThread = 250;
        try (JavaClient client = JavaClient.connect(server, transports)) {
            Socket socket = server.sockets().socket(client.id()).orElseThrow();

            List<Thread> emitters = IntStream.range(0, threads).mapToObj(t -> new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    socket.emit("seq", t * perThread + i);
                }
            })).toList();
            emitters.forEach(Thread::start);
            for (Thread emitter : emitters) {
                emitter.join();
            }

            List<Object> received = firstArgs(client, "seq", threads * perThread);
            for (int t = 0; t < threads; t++) {
                int from = t * perThread;
                List<Object> ofThread = received.stream().filter(n -> (Integer) n >= from && (Integer) n < from + perThread).toList();
                assertEquals(IntStream.range(from, from + perThread).boxed().toList(), ofThread, "thread " + t);
            }
        }
    }
}
