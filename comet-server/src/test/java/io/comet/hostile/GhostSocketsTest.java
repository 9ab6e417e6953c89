package io.comet.hostile;

import io.comet.Namespace;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static io.comet.test.Await.await;
import static io.comet.test.Await.until;

/**
 * Case 14 of the hostile-input review: a connection that closes, or a client that leaves a namespace,
 * while its CONNECT is still being admitted (a middleware that answers later) left a socket in the
 * namespace that nobody would ever disconnect. Many clients race their admission here at once; when
 * they are all gone, so are their sockets.
 */
@DisplayName("Hostile input: no ghost sockets")
class GhostSocketsTest {
    private static final int CLIENTS = 200;

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final ScheduledExecutorService admitter = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "admitting-middleware");
        t.setDaemon(true);
        return t;
    });

    /** A namespace whose middleware lets each connection in after a short random delay, from another thread. */
    private static Namespace slowToAdmit(String name, AtomicInteger connections, AtomicInteger disconnections) {
        Namespace namespace = server.server().of(name);
        namespace.use((socket, next) -> admitter.schedule(next::proceed, ThreadLocalRandom.current().nextInt(3), TimeUnit.MILLISECONDS));
        namespace.onConnection(socket -> {
            connections.incrementAndGet();
            socket.onDisconnect(reason -> disconnections.incrementAndGet());
        });
        return namespace;
    }

    @Test
    @DisplayName("case 14: clients that leave a namespace right after asking to join it leave no socket behind")
    void leaveWhileBeingAdmitted() {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger disconnections = new AtomicInteger();
        Namespace namespace = slowToAdmit("/leaving", connections, disconnections);

        race(session -> session.send("40/leaving,", "41/leaving,"));

        // Each client left: none may stay connected, and any socket that did connect was disconnected.
        awaitNoGhosts(namespace, connections, disconnections);
    }

    @Test
    @DisplayName("case 14: connections that close while their CONNECT is being admitted leave no socket behind")
    void closeWhileBeingAdmitted() {
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger disconnections = new AtomicInteger();
        Namespace namespace = slowToAdmit("/closing", connections, disconnections);

        race(session -> {
            session.send("40/closing,");
            session.send("1"); // the Engine.IO close packet
        });

        awaitNoGhosts(namespace, connections, disconnections);
    }

    /**
     * Waits until every socket that connected was disconnected again and none is left in the namespace;
     * the failure tells how many were left, at the end of the wait.
     */
    private static void awaitNoGhosts(Namespace namespace, AtomicInteger connections, AtomicInteger disconnections) {
        try {
            until(() -> connections.get() == disconnections.get() && namespace.sockets().isEmpty(),
                    "every socket of those clients to be gone");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + namespace.sockets().size() + " left, "
                    + connections.get() + " connected, " + disconnections.get() + " disconnected", e);
        }
    }

    /** Opens {@link #CLIENTS} polling sessions on four threads and lets each do {@code what} at once. */
    private static void race(Consumer<PollingSession> what) {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            CompletableFuture<?>[] all = IntStream.range(0, CLIENTS)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> what.accept(PollingSession.open(server)), clients))
                    .toArray(CompletableFuture[]::new);
            await(CompletableFuture.allOf(all), CLIENTS + " clients");
        } finally {
            clients.shutdownNow();
        }
    }
}
