package io.comet.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A raw Engine.IO WebSocket connection (the JDK's WebSocket client) to send and read packets one by one:
 * text frames are packets as they are on the wire, e.g. {@code "2probe"}.
 */
public final class RawWebSocket implements AutoCloseable {
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket webSocket;

    private RawWebSocket(URI uri) {
        webSocket = Await.await(HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    texts.add(partial.toString());
                    partial.setLength(0);
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
                closed.completeExceptionally(error);
            }
        }), "the WebSocket handshake");
    }

    /** Opens a WebSocket to the server's endpoint; {@code sid} is null for a new session, else the one to upgrade. */
    public static RawWebSocket open(TestServer server, String sid) {
        return openWith(server, sid == null ? "" : "&sid=" + sid);
    }

    /** Opens a WebSocket to the server's endpoint with more query parameters, e.g. {@code "&comet=1"}. */
    public static RawWebSocket openWith(TestServer server, String query) {
        return openAt(server.port(), server.path(), query);
    }

    /** Opens a WebSocket to an endpoint on 127.0.0.1:{@code port} (a server, or a proxy in front of one). */
    public static RawWebSocket openAt(int port, String path, String query) {
        return new RawWebSocket(URI.create("ws://127.0.0.1:" + port + path + "?EIO=4&transport=websocket" + query));
    }

    /** Drops the connection at once (the JDK client may still say goodbye first; a CuttingProxy cuts for real). */
    public void cut() {
        webSocket.abort();
    }

    public void send(String packet) {
        Await.await(webSocket.sendText(packet, true), "sending " + packet);
    }

    /** Sends a binary frame: an Engine.IO binary message, e.g. a Socket.IO attachment. */
    public void sendBinary(byte[] data) {
        Await.await(webSocket.sendBinary(ByteBuffer.wrap(data), true), "sending " + data.length + " bytes");
    }

    /**
     * Sends one fragment of a text message ({@code last} ends it) and waits until it is written;
     * {@code false} when the connection was closed meanwhile, as a hostile client's writes are once the
     * server refused it.
     */
    public boolean trySendFragment(String text, boolean last) {
        return written(webSocket.sendText(text, last));
    }

    /** Sends a binary frame and waits until it is written; {@code false} when the connection was closed meanwhile. */
    public boolean trySendBinary(byte[] data) {
        return written(webSocket.sendBinary(ByteBuffer.wrap(data), true));
    }

    private static boolean written(CompletableFuture<WebSocket> send) {
        try {
            send.orTimeout(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new AssertionError("a frame was not written within " + Await.TIMEOUT.toSeconds() + " s");
            }
            return false;
        }
    }

    /** The next text frame, waiting for it. */
    public String receive() {
        try {
            String text = texts.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no WebSocket message within " + Await.TIMEOUT.toSeconds() + " s");
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the server closed the connection; its close status code. */
    public int awaitClosed() {
        return Await.await(closed, "the server to close the WebSocket");
    }

    @Override
    public void close() {
        if (!webSocket.isOutputClosed()) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
        webSocket.abort();
    }
}
