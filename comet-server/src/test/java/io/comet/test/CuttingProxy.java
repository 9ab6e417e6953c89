package io.comet.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test fixture: a TCP proxy on loopback in front of one upstream server that breaks connections the
 * way a bad network or a bad proxy does, so tests can show that clients and server survive it.
 *
 * <p>It forwards bytes unchanged both ways (HTTP keep-alive, WebSocket frames and streamed responses
 * alike; the {@code Host} header too, so the server sees the proxy's origin as the page's own). The
 * faults, each switchable at runtime:
 * <ul>
 * <li>{@link #cutting(boolean) cuts}: each connection is reset after its own random lifetime;
 * <li>{@link #sweeping(boolean) sweeps}: at random moments, every connection open then is reset, so that
 *     short requests (polls, POSTs) are cut too, not only connections that live long;
 * <li>{@link #refuseUpgrades(boolean) refused upgrades}: a WebSocket handshake is answered 403;
 * <li>{@link #dropResponses(int) dropped responses}: the server's bytes are read but never delivered;
 * <li>{@link #down(boolean) down}: the server is gone: every connection is reset, and so is every new one.
 * </ul>
 * A reset is {@code SO_LINGER 0} then close, on the browser's socket and on the server's: both ends learn
 * of it at once, as when a NAT or a proxy drops a connection, not after a timeout.
 *
 * <p>A thread per connection and direction (a cached pool: this is a fixture, not the server), and one
 * timer thread for every cut. {@link #close()} stops all of them.
 */
public final class CuttingProxy implements AutoCloseable {
    /** The one address the proxy listens on and connects to (a literal, never looked up). */
    private static final String LOOPBACK = "127.0.0.1";
    private static final int BUFFER = 16 * 1024;
    /** How long the server must stay quiet before a dropped response is taken to be complete. */
    private static final int DROP_QUIET_MILLIS = 50;
    /** The longest a dropped response is swallowed, for a server that streams without pause. */
    private static final long DROP_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final byte[] FORBIDDEN = ("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    private final int upstreamPort;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final ScheduledExecutorService timer;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger refusedUpgrades = new AtomicInteger();
    private final AtomicInteger droppedResponses = new AtomicInteger();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private volatile boolean refusingUpgrades;
    private volatile boolean down;
    private volatile boolean closed;
    // Guarded by this: whether cuts are on, the lifetimes they draw, and each connection's pending cut.
    private boolean cutting;
    private ScheduledFuture<?> nextSweep; // guarded by this: pending while sweeping
    private final AtomicInteger sweeps = new AtomicInteger();
    private long minLifetimeMillis = 300;
    private long maxLifetimeMillis = 1500;

    private CuttingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(LOOPBACK, 0), 50);
        String name = "cutting-proxy-" + listener.getLocalPort();
        this.threads = Executors.newCachedThreadPool(daemon(name));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-cuts"));
    }

    /** Listens on a free port of 127.0.0.1 in front of the server at 127.0.0.1:{@code upstreamPort}; no faults yet. */
    public static CuttingProxy start(int upstreamPort) {
        try {
            CuttingProxy proxy = new CuttingProxy(upstreamPort);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the proxy listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The proxy's origin, e.g. {@code http://127.0.0.1:1234} (no trailing slash): the URL to give clients. */
    public String url() {
        return "http://" + LOOPBACK + ":" + port();
    }

    /**
     * Switches cuts on or off. On: every open connection, and every one accepted from now, is reset after
     * a lifetime drawn uniformly from the {@link #cutEvery range}, counted from its acceptance or, for one
     * already open, from now. Off: the pending cuts are cancelled; connections live on until cut again.
     */
    public synchronized CuttingProxy cutting(boolean on) {
        if (on != cutting) {
            cutting = on;
            for (Connection connection : open) {
                if (on) {
                    scheduleCut(connection);
                } else {
                    cancelCut(connection);
                }
            }
        }
        return this;
    }

    /**
     * Switches sweeps on or off. On: after a delay drawn uniformly from the {@link #cutEvery range}, every
     * connection open at that moment is reset (each counts as a cut), and so on, each delay drawn anew.
     * Off: the next sweep is cancelled.
     */
    public synchronized CuttingProxy sweeping(boolean on) {
        if (!on && nextSweep != null) {
            nextSweep.cancel(false);
            nextSweep = null;
        } else if (on && nextSweep == null) {
            scheduleSweep();
        }
        return this;
    }

    /** Holding this: plans the next sweep. */
    private void scheduleSweep() {
        if (closed) {
            return;
        }
        long delay = ThreadLocalRandom.current().nextLong(minLifetimeMillis, maxLifetimeMillis + 1);
        nextSweep = timer.schedule(this::sweep, delay, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        synchronized (this) {
            if (nextSweep == null) {
                return; // switched off after it fired
            }
            scheduleSweep();
        }
        sweeps.incrementAndGet();
        cutAll();
    }

    /**
     * Takes the upstream server away (on), as a crash or a restart does: every open connection is reset,
     * and so is each new one at once, until it is back (off).
     */
    public CuttingProxy down(boolean on) {
        down = on;
        if (on) {
            cutAll();
        }
        return this;
    }

    /** Resets every connection open now (each counts as a cut). */
    public void cutAll() {
        for (Connection connection : open) {
            connection.end(true, cuts);
        }
    }

    /** How many sweeps have run so far. */
    public int sweeps() {
        return sweeps.get();
    }

    /**
     * The range of the connections' lifetimes (and of the delays between sweeps), 300 to 1500 ms unless set. It applies to lifetimes drawn from
     * now on; cuts already pending keep theirs.
     */
    public synchronized CuttingProxy cutEvery(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("lifetimes from " + min + " to " + max);
        }
        minLifetimeMillis = min.toMillis();
        maxLifetimeMillis = max.toMillis();
        return this;
    }

    /**
     * Switches refusing WebSocket upgrades on or off. On, the proxy reads the first request head of each new
     * connection (up to its blank line, at most 64 KiB) before it connects upstream: a head with a header
     * {@code Upgrade} naming {@code websocket} (names and values in any case) is answered {@code 403
     * Forbidden} with no body and the connection closed, so the server never sees it; any other head is
     * forwarded unchanged, as is a head that does not end within 64 KiB. Later requests on a kept-alive
     * connection are not looked at: an upgrade is in practice the first request of its connection.
     */
    public CuttingProxy refuseUpgrades(boolean on) {
        refusingUpgrades = on;
        return this;
    }

    /**
     * Drops the next {@code n} responses, so the server believes it delivered what the client never gets
     * (e.g. a poll response). Each of the next {@code n} times bytes arrive from the server, on any
     * connection, the proxy forwards none of them: it reads and discards them, and whatever follows, until
     * the server has sent nothing for 50 ms (or ended the connection, or 2 s passed), then resets the
     * connection. The server's writes complete normally; the client sees only the reset. Replaces any
     * drops still pending; 0 cancels them.
     */
    public CuttingProxy dropResponses(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("dropping " + n + " responses");
        }
        dropsLeft.set(n);
        return this;
    }

    /** How many connections the proxy has accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** How many connections the proxy has cut so far (reset when their lifetime ended, or by a sweep). */
    public int cuts() {
        return cuts.get();
    }

    /** How many WebSocket upgrades the proxy has refused so far. */
    public int refusedUpgrades() {
        return refusedUpgrades.get();
    }

    /** How many responses the proxy has dropped so far. */
    public int droppedResponses() {
        return droppedResponses.get();
    }

    /** The proxy and its upstream, for failure messages. */
    @Override
    public String toString() {
        return "cutting proxy :" + port() + " -> :" + upstreamPort;
    }

    private void acceptLoop() {
        Thread.currentThread().setName("cutting-proxy-" + port() + "-accept");
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Connection connection = new Connection(client, accepted.incrementAndGet());
            open.add(connection);
            if (down) {
                connection.end(true, cuts);
                continue;
            }
            if (closed) {
                connection.end(false);
                return;
            }
            synchronized (this) {
                scheduleCut(connection);
            }
            execute(connection, () -> upstreamward(connection));
        }
    }

    /** Carries the client's bytes upstream, after connecting there (and looking at the first request head). */
    private void upstreamward(Connection connection) {
        Thread.currentThread().setName("cutting-proxy-" + port() + "-c" + connection.number + "-up");
        try {
            Socket client = connection.client;
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            byte[] first = new byte[0];
            if (refusingUpgrades) {
                first = RequestHead.readFirst(in);
                if (first.length == 0) {
                    connection.end(false); // gone without a request, like a browser's unused preconnect
                    return;
                }
                if (RequestHead.isWebSocketUpgrade(first)) {
                    refusedUpgrades.incrementAndGet();
                    client.getOutputStream().write(FORBIDDEN);
                    connection.end(false);
                    return;
                }
            }
            Socket upstream = new Socket(LOOPBACK, upstreamPort);
            if (!connection.attach(upstream)) {
                return; // cut or closed meanwhile
            }
            upstream.setTcpNoDelay(true);
            execute(connection, () -> clientward(connection));
            OutputStream out = upstream.getOutputStream();
            out.write(first);
            in.transferTo(out);
            upstream.shutdownOutput();
            connection.directionDone();
        } catch (IOException e) {
            connection.end(false); // a side closed or was reset (or the server refused the connection)
        }
    }

    /** Carries the server's bytes to the client, unless they are a response to drop. */
    private void clientward(Connection connection) {
        Thread.currentThread().setName("cutting-proxy-" + port() + "-c" + connection.number + "-down");
        try {
            InputStream in = connection.upstream.getInputStream();
            OutputStream out = connection.client.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (dropsLeft.get() > 0 && dropsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    swallowUntilQuiet(connection.upstream, buffer);
                    connection.end(true, droppedResponses);
                    return;
                }
                out.write(buffer, 0, n);
            }
            connection.client.shutdownOutput();
            connection.directionDone();
        } catch (IOException e) {
            connection.end(false);
        }
    }

    private static void swallowUntilQuiet(Socket upstream, byte[] buffer) throws IOException {
        upstream.setSoTimeout(DROP_QUIET_MILLIS);
        InputStream in = upstream.getInputStream();
        long deadline = System.nanoTime() + DROP_MAX_NANOS;
        try {
            while (System.nanoTime() < deadline && in.read(buffer) >= 0) {
                // Discarded.
            }
        } catch (SocketTimeoutException quiet) {
            // The response is complete.
        }
    }

    /** Holding this: gives the connection a lifetime if cuts are on and it has no cut pending. */
    private void scheduleCut(Connection connection) {
        if (!cutting || connection.pendingCut != null || closed) {
            return;
        }
        long lifetime = ThreadLocalRandom.current().nextLong(minLifetimeMillis, maxLifetimeMillis + 1);
        int generation = ++connection.cutGeneration;
        connection.pendingCut = timer.schedule(() -> cut(connection, generation), lifetime, TimeUnit.MILLISECONDS);
    }

    /** Holding this: cancels the connection's pending cut, even one whose timer has just fired. */
    private void cancelCut(Connection connection) {
        if (connection.pendingCut != null) {
            connection.pendingCut.cancel(false);
            connection.pendingCut = null;
            connection.cutGeneration++;
        }
    }

    private void cut(Connection connection, int generation) {
        synchronized (this) {
            if (connection.cutGeneration != generation) {
                return; // cancelled after it fired
            }
            connection.pendingCut = null;
        }
        connection.end(true, cuts);
    }

    /** Runs a task of the connection on the proxy's threads; ends the connection if the proxy is closing. */
    private void execute(Connection connection, Runnable task) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException closing) {
            connection.end(false);
        }
    }

    /** Stops listening, closes every connection and waits (up to 5 s) for the proxy's threads to end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true; // no cut is scheduled from now on
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        for (Connection connection : open) {
            connection.end(false);
        }
        timer.shutdownNow();
        threads.shutdown();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS) || !threads.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this + ": threads still running 5 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One accepted connection: the client's socket and, once connected, the server's. */
    private final class Connection {
        final Socket client;
        final int number;
        volatile Socket upstream;
        /** Guarded by CuttingProxy.this, as is the count of its cuts scheduled, which tells a cancelled one. */
        ScheduledFuture<?> pendingCut;
        int cutGeneration;
        private boolean ended;
        private int directionsLeft = 2;

        Connection(Socket client, int number) {
            this.client = client;
            this.number = number;
        }

        /** Adopts the server's socket; false (and closes it) if the connection ended meanwhile. */
        synchronized boolean attach(Socket socket) {
            if (ended) {
                closeQuietly(socket, false);
                return false;
            }
            upstream = socket;
            return true;
        }

        /** One direction reached its end of stream; after both, the connection is over. */
        void directionDone() {
            synchronized (this) {
                if (--directionsLeft > 0) {
                    return;
                }
            }
            end(false);
        }

        /** Ends the connection, closing both sides; the first end wins. */
        void end(boolean reset) {
            end(reset, null);
        }

        /**
         * Ends the connection, resetting both sides or closing them; the first end wins and adds one to
         * {@code count} (if any) before either side can see it.
         */
        void end(boolean reset, AtomicInteger count) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
            }
            if (count != null) {
                count.incrementAndGet();
            }
            synchronized (CuttingProxy.this) {
                cancelCut(this);
            }
            closeQuietly(client, reset);
            if (upstream != null) {
                closeQuietly(upstream, reset); // set before ended, if ever: see attach
            }
            open.remove(this);
        }

        private void closeQuietly(Socket socket, boolean reset) {
            try {
                if (reset) {
                    socket.setSoLinger(true, 0);
                }
                socket.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
