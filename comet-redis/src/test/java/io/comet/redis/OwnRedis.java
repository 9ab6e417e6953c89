package io.comet.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static io.comet.test.Await.until;

/**
 * A real Redis server of the test's own (the machine's {@code redis-server}, on a free port, keeping
 * nothing on disk), so that a test can stop and restart it without touching the shared one at 6379.
 */
final class OwnRedis implements AutoCloseable {
    private final int port;
    private Process process;

    private OwnRedis(int port) {
        this.port = port;
    }

    static OwnRedis start() {
        OwnRedis redis = new OwnRedis(freePort());
        redis.up();
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server on its port and waits until it accepts connections. */
    synchronized void up() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        until(this::accepts, "redis-server to listen on " + port);
    }

    /** Kills the server at once, as a crash does (SIGKILL), and waits until it is gone. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
