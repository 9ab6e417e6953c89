package io.comet.test;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.comet.test.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link CuttingProxy} does to connections, against small loopback servers of the test's own. */
class CuttingProxyTest {
    /** How much later than its lifetime's end a cut may be seen, on a busy machine. */
    private static final long LATE_MILLIS = 1000;
    /** How much earlier than its lifetime's end a cut may be seen: the client connects just before the accept. */
    private static final long EARLY_MILLIS = 5;
    private static final String END_OF_STREAM = "end of stream";
    private static final String RESET = "reset";

    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        readers.shutdownNow();
    }

    @Test
    void withoutCutsBytesPassBothWaysUnchanged() throws Exception {
        Upstream upstream = upstream(Upstream::echo);
        CuttingProxy proxy = proxy(upstream);
        byte[] sent = new byte[1024 * 1024];
        new Random(7).nextBytes(sent);

        Socket client = connect(proxy);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = client.getOutputStream();
                for (int at = 0; at < sent.length; at += 4096) {
                    out.write(sent, at, 4096);
                }
                client.shutdownOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, readers);
        byte[] echoed = client.getInputStream().readAllBytes(); // up to the end the client's half-close caused

        await(writing, "the client writing 1 MB");
        assertArrayEquals(sent, echoed);
        assertEquals(END_OF_STREAM, await(upstream.peer().end, "the server to see the end of the request"));
        assertEquals(1, proxy.accepted());
        assertEquals(0, proxy.cuts());
    }

    @Test
    void cutsResetEachConnectionOnBothSidesWithinItsLifetimeRange() throws Exception {
        Upstream upstream = upstream(Upstream::echo);
        CuttingProxy proxy = proxy(upstream).cutting(true); // the default range, 300 to 1500 ms
        List<CompletableFuture<Long>> lifetimes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long connected = System.nanoTime();
            Socket client = connect(proxy);
            assertEquals('x', echo(client, 'x'), "the connection works until it is cut");
            lifetimes.add(readUntilEnd(client).thenApply(end -> {
                assertEquals(RESET, end, "the client sees a reset, not an orderly end");
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected);
            }));
        }

        for (CompletableFuture<Long> lifetime : lifetimes) {
            long millis = await(lifetime, "the cut", Duration.ofMillis(1500 + LATE_MILLIS));
            assertTrue(millis >= 300 - EARLY_MILLIS && millis <= 1500 + LATE_MILLIS, "lived " + millis + " ms");
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(RESET, await(upstream.peer().end, "the server to see the cut"));
        }
        assertEquals(4, proxy.cuts());
        assertEquals(4, proxy.accepted());
    }

    @Test
    void cuttingOnGivesOpenConnectionsALifetimeFromThenAndOffCancelsPendingCuts() throws Exception {
        Upstream upstream = upstream(Upstream::echo);
        CuttingProxy proxy = proxy(upstream).cutEvery(Duration.ofMillis(400), Duration.ofMillis(400));
        Socket spared = connect(proxy);
        assertEquals('a', echo(spared, 'a'));

        proxy.cutting(true);
        Socket cut = connect(proxy);
        assertEquals('c', echo(cut, 'c'), "accepted while cutting was on");
        proxy.cutting(false);
        spared.setSoTimeout((int) (400 + LATE_MILLIS));
        assertThrows(SocketTimeoutException.class, () -> spared.getInputStream().read(), "no cut after cutting off");
        assertEquals('b', echo(spared, 'b'));
        assertEquals('d', echo(cut, 'd'), "the cancelled cut left its connection alone");

        long on = System.nanoTime();
        proxy.cutting(true);
        for (Socket client : List.of(spared, cut)) {
            assertEquals(RESET, await(readUntilEnd(client), "the cut after cutting on again"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - on);
            assertTrue(millis >= 400 - EARLY_MILLIS && millis <= 400 + LATE_MILLIS, "cut " + millis + " ms after on");
        }
        assertEquals(2, proxy.cuts());
    }

    @Test
    void refusedUpgradesGet403AndNeverReachTheServerWhileOtherRequestsPass() throws Exception {
        List<String> served = new CopyOnWriteArrayList<>();
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            served.add(exchange.getRequestURI().getPath());
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        toClose.add(() -> upstream.stop(0));
        CuttingProxy proxy = CuttingProxy.start(upstream.getAddress().getPort()).refuseUpgrades(true);
        toClose.add(proxy);

        for (String upgrade : List.of("Upgrade: websocket", "uPgRaDe:WebSocket")) {
            String response = exchange(proxy, "GET /socket HTTP/1.1\r\nHost: " + proxy.url().substring(7)
                    + "\r\nConnection: Upgrade\r\n" + upgrade + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertEquals("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", response);
        }
        String response = exchange(proxy, "GET /plain HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: close\r\n\r\n");

        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.endsWith("\r\n\r\nhello"), response);
        assertEquals(List.of("/plain"), served);
        assertEquals(2, proxy.refusedUpgrades());
    }

    @Test
    void aDroppedResponseIsWrittenByTheServerButNeverReachesTheClient() throws Exception {
        int size = 256 * 1024;
        Upstream upstream = upstream(peer -> {
            InputStream in = peer.socket.getInputStream();
            in.read(); // the request: one byte
            peer.socket.getOutputStream().write(new byte[size]);
            peer.written.complete(size);
            while (in.read() >= 0) {
                // Until the end.
            }
        });
        CuttingProxy proxy = proxy(upstream).dropResponses(1);

        Socket dropped = connect(proxy);
        dropped.getOutputStream().write('?');
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        String end = await(readUntilEnd(dropped, received), "the client to see the connection end");
        Peer server = upstream.peer();
        assertEquals(size, await(server.written, "the server to write its response"));
        assertEquals(RESET, await(server.end, "the server to see the reset after its response"));
        assertEquals(0, received.size(), "bytes the client received");
        assertEquals(RESET, end);
        assertEquals(1, proxy.droppedResponses());

        Socket delivered = connect(proxy);
        delivered.getOutputStream().write('?');
        assertEquals(size, delivered.getInputStream().readNBytes(size).length, "the next response is delivered");
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        Upstream upstream = upstream(Upstream::echo);
        CuttingProxy proxy = CuttingProxy.start(upstream.port()).cutting(true).cutEvery(Duration.ofHours(1), Duration.ofHours(1));
        Socket client = connect(proxy);
        assertEquals('x', echo(client, 'x'));
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("cutting-proxy-" + proxy.port() + "-"))
                .toList();
        assertTrue(threads.size() >= 4, "accept, timer and two pumps: " + threads);

        proxy.close();

        Set<String> ends = Set.of(END_OF_STREAM, RESET);
        assertTrue(ends.contains(await(readUntilEnd(client), "the client to see the proxy close")));
        assertTrue(ends.contains(await(upstream.peer().end, "the server to see the proxy close")));
        for (Thread thread : threads) {
            assertTrue(thread.isDaemon(), thread.getName());
            thread.join(Await.TIMEOUT.toMillis());
            assertFalse(thread.isAlive(), thread.getName() + " still runs");
        }
        assertEquals(0, proxy.cuts());
    }

    private Upstream upstream(Upstream.Behaviour behaviour) throws IOException {
        Upstream upstream = new Upstream(behaviour);
        toClose.add(upstream);
        return upstream;
    }

    private CuttingProxy proxy(Upstream upstream) {
        CuttingProxy proxy = CuttingProxy.start(upstream.port());
        toClose.add(proxy);
        return proxy;
    }

    private Socket connect(CuttingProxy proxy) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        toClose.add(socket);
        return socket;
    }

    private static int echo(Socket client, char c) throws IOException {
        client.getOutputStream().write(c);
        return client.getInputStream().read();
    }

    /** Sends the request and reads the response up to the end of its connection. */
    private String exchange(CuttingProxy proxy, String request) throws IOException {
        Socket client = connect(proxy);
        client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        return new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private CompletableFuture<String> readUntilEnd(Socket client) {
        return readUntilEnd(client, new ByteArrayOutputStream());
    }

    /** How the connection ends, {@link #END_OF_STREAM} or {@link #RESET}; what arrives until then goes to {@code received}. */
    private CompletableFuture<String> readUntilEnd(Socket client, ByteArrayOutputStream received) {
        return CompletableFuture.supplyAsync(() -> Upstream.readUntilEnd(client, received), readers);
    }

    /** One connection the upstream accepted: how its behaviour ended, and what it wrote. */
    private static final class Peer {
        final Socket socket;
        final CompletableFuture<String> end = new CompletableFuture<>();
        final CompletableFuture<Integer> written = new CompletableFuture<>();

        Peer(Socket socket) {
            this.socket = socket;
        }
    }

    /** A loopback server running a behaviour on each connection it accepts, a thread each. */
    private static final class Upstream implements AutoCloseable {
        interface Behaviour {
            void serve(Peer peer) throws IOException;
        }

        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newCachedThreadPool();

        Upstream(Behaviour behaviour) throws IOException {
            threads.execute(() -> {
                while (!listener.isClosed()) {
                    try {
                        Peer peer = new Peer(listener.accept());
                        sockets.add(peer.socket);
                        peers.add(peer);
                        threads.execute(() -> serve(peer, behaviour));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        /** The next connection accepted, in order. */
        Peer peer() throws InterruptedException {
            Peer peer = peers.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (peer == null) {
                throw new AssertionError("no connection reached the server");
            }
            return peer;
        }

        /** Writes back what it reads, and ends its side after the client's. */
        static void echo(Peer peer) throws IOException {
            peer.socket.getInputStream().transferTo(peer.socket.getOutputStream());
            peer.socket.shutdownOutput();
        }

        private static void serve(Peer peer, Behaviour behaviour) {
            try (Socket socket = peer.socket) {
                behaviour.serve(peer);
                peer.end.complete(END_OF_STREAM);
            } catch (IOException e) {
                peer.end.complete(e instanceof SocketException && e.getMessage().contains("reset") ? RESET : e.toString());
            }
        }

        static String readUntilEnd(Socket socket, ByteArrayOutputStream received) {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
                return END_OF_STREAM;
            } catch (IOException e) {
                return e instanceof SocketException && e.getMessage().contains("reset") ? RESET : e.toString();
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
            threads.shutdownNow();
        }
    }
}
