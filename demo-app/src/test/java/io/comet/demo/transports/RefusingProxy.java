package io.comet.demo.transports;

import java.io.BufferedInputStream;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test fixture: an HTTP/1.1 reverse proxy on loopback in front of one upstream server, that refuses
 * WebSocket upgrades (like a proxy that does not know them) and, in {@link Bodies#BUFFERED} mode, holds
 * every response until it is complete (like a buffering proxy or virus scanner), so a streamed response
 * never arrives while it streams.
 *
 * <p>One request per connection, both ways: {@code Connection: close} goes upstream and downstream, so a
 * response is complete exactly when the upstream closes. The {@code Host} header passes unchanged, so the
 * server sees the page's own origin (the proxy's) as same-origin. A thread per connection, plus one
 * carrying the request body: when the browser drops the connection (an aborted request), the upstream
 * connection is dropped too. {@link #close()} stops everything it started.
 */
final class RefusingProxy implements AutoCloseable {
    /** What the proxy does with a request to upgrade to WebSocket. */
    enum Upgrades {
        /** Answers {@code 403 Forbidden}. */
        FORBIDDEN,
        /** Closes the connection without answering. */
        CLOSE
    }

    /** How response bodies go to the browser. */
    enum Bodies {
        /** As they arrive. */
        STREAMED,
        /** Only once the whole response has arrived. */
        BUFFERED
    }

    private static final int MAX_HEAD = 64 * 1024;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection");

    private final int upstreamPort;
    private final Upgrades upgrades;
    private final Bodies bodies;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusedUpgrades = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile boolean closed;

    private RefusingProxy(int upstreamPort, Upgrades upgrades, Bodies bodies) throws IOException {
        this.upstreamPort = upstreamPort;
        this.upgrades = upgrades;
        this.bodies = bodies;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "refusing-proxy-" + listener.getLocalPort() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens on a free loopback port in front of the server at 127.0.0.1:{@code upstreamPort}. */
    static RefusingProxy start(int upstreamPort, Upgrades upgrades, Bodies bodies) {
        try {
            RefusingProxy proxy = new RefusingProxy(upstreamPort, upgrades, bodies);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The origin the browser sees, e.g. http://127.0.0.1:1234 (no trailing slash). */
    String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** WebSocket upgrades refused so far. */
    int refusedUpgrades() {
        return refusedUpgrades.get();
    }

    /** Requests forwarded so far. */
    int forwarded() {
        return forwarded.get();
    }

    @Override
    public String toString() {
        return "proxy :" + port() + " -> :" + upstreamPort + " (WebSocket " + upgrades + ", bodies " + bodies + ")";
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            if (closed) {
                closeQuietly(client);
                return;
            }
            threads.execute(() -> {
                try {
                    serve(client);
                } catch (IOException e) {
                    // The browser or the server went away mid-exchange: that exchange is over.
                } finally {
                    closeQuietly(client);
                }
            });
        }
    }

    private void serve(Socket client) throws IOException {
        InputStream fromClient = new BufferedInputStream(client.getInputStream());
        OutputStream toClient = client.getOutputStream();
        List<String> request = readHead(fromClient);
        if (request == null) {
            return;
        }
        if (isWebSocketUpgrade(request)) {
            refusedUpgrades.incrementAndGet();
            if (upgrades == Upgrades.FORBIDDEN) {
                toClient.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n"
                        + "Connection: close\r\n\r\nForbidden").getBytes(StandardCharsets.ISO_8859_1));
                toClient.flush();
            }
            return;
        }
        forwarded.incrementAndGet();
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            open.add(upstream);
            try {
                if (closed) {
                    return;
                }
                OutputStream toServer = upstream.getOutputStream();
                toServer.write(head(request));
                toServer.flush();
                // The request body, and the browser's going away: its end (an aborted request) ends the exchange.
                threads.execute(() -> {
                    try {
                        fromClient.transferTo(toServer);
                    } catch (IOException e) {
                        // Either side closed.
                    } finally {
                        closeQuietly(upstream);
                    }
                });
                InputStream fromServer = new BufferedInputStream(upstream.getInputStream());
                List<String> response = readHead(fromServer);
                if (response == null) {
                    return;
                }
                if (bodies == Bodies.BUFFERED) {
                    byte[] body = fromServer.readAllBytes();
                    toClient.write(head(response));
                    toClient.write(body);
                    toClient.flush();
                } else {
                    toClient.write(head(response));
                    toClient.flush();
                    byte[] buffer = new byte[8192];
                    for (int n; (n = fromServer.read(buffer)) >= 0; ) {
                        toClient.write(buffer, 0, n);
                        toClient.flush();
                    }
                }
            } finally {
                open.remove(upstream);
            }
        }
    }

    /** The request or status line and the header lines, without their CRLFs; null at a clean end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (bytes.size() == 0) {
                    return null;
                }
                throw new IOException("the head ended early");
            }
            bytes.write(b);
            if (bytes.size() > MAX_HEAD) {
                throw new IOException("head too long");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.substring(0, text.length() - 4).split("\r\n", -1)));
        return lines;
    }

    private static boolean isWebSocketUpgrade(List<String> head) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("upgrade")
                    && line.substring(colon + 1).toLowerCase(Locale.ROOT).contains("websocket")) {
                return true;
            }
        }
        return false;
    }

    /** The head as sent on: hop-by-hop connection headers replaced by {@code Connection: close}. */
    private static byte[] head(List<String> head) {
        StringBuilder out = new StringBuilder(head.get(0)).append("\r\n");
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
            if (!HOP_BY_HOP.contains(name)) {
                out.append(line).append("\r\n");
            }
        }
        out.append("Connection: close\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Stops listening, drops every connection and waits for the proxy's threads to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this + ": threads still running 5 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
