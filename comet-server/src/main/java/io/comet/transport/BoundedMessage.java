package io.comet.transport;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads one WebSocket message, every fragment of it, without blocking, and refuses it as soon as it has
 * more than {@code limit} bytes: no more than the limit is ever held, however the message arrives.
 *
 * <p>The rest of a refused message is read and dropped, up to as much again, so that the connection can
 * still end with the closing handshake: a client cut off while it is writing sees a reset, not the close
 * code that says why. Past that nothing more is read, and the close's grace ends the connection; the
 * IO thread is never kept reading for a client that does not stop.
 *
 * <p>Comet counts the bytes itself instead of relying on Undertow's {@code BufferedTextMessage} with a
 * maximum size. In Undertow 2.3.18 (and up to 2.3.26) that class adds to its count only the reads it
 * makes before one returns nothing: the listener that reads the rest of the message once more data has
 * arrived never counts what it reads. A text message of any size, in one frame or in many fragments, is
 * taken whole as soon as one of its reads had to wait. Undertow 2.3.27 and 2.4 count every read; this
 * class does not depend on which one runs.
 */
final class BoundedMessage implements ChannelListener<StreamSourceFrameChannel> {
    private static final int FIRST_CAPACITY = 4096;

    private final long keep;
    private final long readAtMost;
    private final Consumer<byte[]> complete;
    private final Runnable tooLarge;
    private byte[] data = new byte[0]; // null once refused: the rest is dropped
    private int size;
    private long consumed;

    private BoundedMessage(long keep, long readAtMost, Consumer<byte[]> complete, Runnable tooLarge) {
        this.keep = keep;
        this.readAtMost = readAtMost;
        this.complete = complete;
        this.tooLarge = tooLarge;
    }

    /**
     * Reads the message of {@code channel} on its IO thread: {@code complete} gets its bytes once the last
     * fragment is in, or {@code tooLarge} runs once it has more than {@code limit} bytes, and the rest is
     * dropped. A connection that fails while reading is closed.
     */
    static void read(StreamSourceFrameChannel channel, long limit, Consumer<byte[]> complete, Runnable tooLarge) {
        start(channel, new BoundedMessage(limit, 2 * limit, complete, tooLarge));
    }

    /** Reads the message of {@code channel} and drops it, up to {@code limit} bytes: what comes after a refusal. */
    static void discard(StreamSourceFrameChannel channel, long limit) {
        BoundedMessage message = new BoundedMessage(0, limit, bytes -> { }, () -> { });
        message.data = null;
        start(channel, message);
    }

    private static void start(StreamSourceFrameChannel channel, BoundedMessage message) {
        channel.getReadSetter().set(message);
        message.handleEvent(channel);
    }

    @Override
    public void handleEvent(StreamSourceFrameChannel channel) {
        try (PooledByteBuffer pooled = channel.getWebSocketChannel().getBufferPool().allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read == 0) {
                    // Called again when more of the message has arrived: every read passes the same count.
                    channel.resumeReads();
                    return;
                }
                if (read < 0) {
                    channel.getReadSetter().set(null);
                    if (data != null) {
                        complete.accept(size == data.length ? data : Arrays.copyOf(data, size));
                    }
                    return;
                }
                consumed += read;
                if (data != null && consumed > keep) {
                    data = null;
                    tooLarge.run();
                }
                if (data == null) {
                    if (consumed > readAtMost) {
                        channel.suspendReads();
                        channel.getReadSetter().set(null);
                        return;
                    }
                    continue;
                }
                buffer.flip();
                append(buffer);
            }
        } catch (IOException e) {
            IoUtils.safeClose(channel.getWebSocketChannel());
        }
    }

    private void append(ByteBuffer buffer) {
        int n = buffer.remaining();
        if (size + n > data.length) {
            // Doubling, capped at the limit: a message that stays under it is copied O(log n) times.
            long wanted = Math.max(size + (long) n, Math.max(FIRST_CAPACITY, 2L * data.length));
            data = Arrays.copyOf(data, (int) Math.min(wanted, keep));
        }
        buffer.get(data, size, n);
        size += n;
    }
}
