package io.comet.demo.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket peer that speaks raw frames, as the public protocol suites do: every text frame arrives as
 * a {@code String}, every binary frame as a {@code byte[]}, in order.
 */
final class RawWebSocket implements WebSocket.Listener, AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private final WebSocket socket;

    private RawWebSocket(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).join();
    }

    /** Opens a WebSocket; fails (CompletionException) when the server refuses the handshake. */
    static RawWebSocket open(String url) {
        return new RawWebSocket(URI.create(url));
    }

    /** Whether the handshake is refused, e.g. by an HTTP 400. */
    static boolean refused(String url) {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() { })
                    .get(5, TimeUnit.SECONDS).abort();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    void send(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    /** The next frame, failing after five seconds. */
    Object next() throws InterruptedException {
        Object frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + WAIT);
        }
        return frame;
    }

    /** The next text frame that is not a ping ("2"). */
    String nextText() throws InterruptedException {
        while (true) {
            Object frame = next();
            if (!"2".equals(frame)) {
                return (String) frame;
            }
        }
    }

    /** Waits until the server closes the connection; returns the close code. */
    int awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            frames.add(text.toString());
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            frames.add(binary.toByteArray());
            binary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
