package io.comet.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many Socket.IO clients over raw WebSocket sockets, for load and memory tests: each opens a session,
 * joins the main namespace and then either never reads again (a stalled consumer: its receive buffer
 * is made small, so the server's writes back up at once) or reads and counts the text frames it gets.
 * Blocking sockets, a thread per reading client: a fixture, not the server.
 */
public final class WebSocketCrowd implements AutoCloseable {
    /** The name of the reading clients' threads, so a benchmark can leave their CPU time out. */
    public static final String READER_THREAD = "crowd-reader";
    private static final byte[] CONNECT_FRAME = maskedText("40");

    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, READER_THREAD);
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong frames = new AtomicLong();

    private WebSocketCrowd() {
    }

    /**
     * Opens {@code count} clients to the server on 127.0.0.1:{@code port} at {@code path}; with
     * {@code reading} false they never read after the handshake.
     */
    public static WebSocketCrowd open(int port, String path, int count, boolean reading) {
        WebSocketCrowd crowd = new WebSocketCrowd();
        try {
            for (int i = 0; i < count; i++) {
                crowd.add(port, path, reading);
            }
        } catch (IOException e) {
            crowd.close();
            throw new UncheckedIOException(e);
        }
        return crowd;
    }

    private void add(int port, String path, boolean reading) throws IOException {
        Socket socket = new Socket();
        if (!reading) {
            socket.setReceiveBufferSize(4096);
        }
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + "?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        readHead(in);
        out.write(CONNECT_FRAME);
        if (reading) {
            readers.execute(() -> count(new BufferedInputStream(in, 64 * 1024)));
        }
    }

    /** How many text frames the reading clients have received. */
    public long frames() {
        return frames.get();
    }

    private void count(InputStream in) {
        try {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return;
                }
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                in.skipNBytes(length);
                frames.incrementAndGet();
            }
        } catch (IOException e) {
            // Closed.
        }
    }

    private static void readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed during the WebSocket handshake: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
            throw new IOException("WebSocket handshake refused: " + head);
        }
    }

    /** A client's text frame: masked, as RFC 6455 requires of clients. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        readers.shutdownNow();
        try {
            readers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
