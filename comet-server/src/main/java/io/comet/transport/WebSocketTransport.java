package io.comet.transport;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineOptions;
import io.comet.protocol.EnginePacket;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;
import org.xnio.Pooled;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * WebSocket: one frame per Engine.IO packet, text or binary.
 *
 * <p>All writes happen on the channel's IO thread, so they keep the queue's order. At most
 * {@value #WINDOW} frames are handed to Undertow at a time; the rest wait in the session's bounded
 * queue. A frame stays in that queue, inside its bounds, until it is written (or, in an acknowledging
 * session, until the client acknowledges it), so a slow client costs bounded memory. A text frame is
 * written from the packet's shared UTF-8 bytes: a broadcast is not copied per recipient.
 */
public final class WebSocketTransport extends Transport {
    private static final int WINDOW = 64;
    private static final int CLOSE_GRACE_SECONDS = 5;

    private final WebSocketChannel channel;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private int inFlight;       // IO thread only
    private boolean stalled;    // IO thread only: the window was full when the last flush ran
    private boolean closing;    // IO thread only
    private volatile boolean lost; // the connection is gone: nothing more is written

    public WebSocketTransport(WebSocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return EngineOptions.WEBSOCKET;
    }

    /** Starts reading frames; messages over {@code maxPayload} bytes end the connection. */
    public void start(int maxPayload) {
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                receiveText(message.getData());
            }

            @Override
            @SuppressWarnings("deprecation")
            protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
                Pooled<ByteBuffer[]> data = message.getData();
                try {
                    ByteBuffer merged = WebSockets.mergeBuffers(data.getResource());
                    byte[] bytes = new byte[merged.remaining()];
                    merged.get(bytes);
                    receive(EnginePacket.binary(bytes));
                } finally {
                    data.free();
                }
            }

            @Override
            protected void onCloseMessage(CloseMessage cm, WebSocketChannel ch) {
                // A close frame is the client's own goodbye (a page that goes away), not a cut: the
                // session ends even where a cut connection could be resumed.
                lost = true;
                connectionLost(CloseReason.CLIENT_CLOSE);
            }

            @Override
            protected long getMaxTextBufferSize() {
                return maxPayload;
            }

            @Override
            protected long getMaxBinaryBufferSize() {
                return maxPayload;
            }
        });
        channel.addCloseTask(ch -> lose());
        channel.resumeReceives();
    }

    private void lose() {
        lost = true;
        connectionLost(CloseReason.TRANSPORT_CLOSE);
    }

    @Override
    public void wake() {
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                channel.getIoThread().execute(this::flush);
            } catch (RejectedExecutionException stopping) {
                // The server is stopping: its IO threads take no more work, and the connection goes with them.
            }
        }
    }

    private void flush() {
        flushScheduled.set(false);
        if (closing || lost) {
            return;
        }
        int room = WINDOW - inFlight;
        if (room <= 0) {
            stalled = true;
            return;
        }
        List<EnginePacket> packets = session().streamFor(this, room).packets();
        // Set before writing: a write may complete synchronously, and its callback must see it.
        stalled = packets.size() == room;
        for (EnginePacket p : packets) {
            write(p, queued);
        }
    }

    private void write(EnginePacket packet, WebSocketCallback<Void> callback) {
        inFlight++;
        if (packet.isBinary()) {
            WebSockets.sendBinary(ByteBuffer.wrap(packet.binary()), channel, callback);
        } else {
            WebSockets.sendText(ByteBuffer.wrap(packet.utf8()), channel, callback);
        }
    }

    /** Completes the write of a frame taken from the session's queue, which may then forget it. */
    private final WebSocketCallback<Void> queued = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
            session().written(WebSocketTransport.this);
            direct.complete(ch, context);
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
            direct.onError(ch, context, throwable);
        }
    };

    /** Completes the write of a frame that is not in the queue (the probe's answer, the close packet). */
    private final WebSocketCallback<Void> direct = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
            inFlight--;
            if (stalled) {
                stalled = false;
                wake();
            }
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
            inFlight--;
            IoUtils.safeClose(ch);
        }
    };

    @Override
    public void sendDirect(EnginePacket packet) {
        channel.getIoThread().execute(() -> write(packet, direct));
    }

    /**
     * Writes what is still queued, then a close packet if the client did not cause the close, then ends;
     * a client that does not answer the close frame in time is cut off. A client whose queue overflowed
     * is cut off at once: it reads too slowly for its backlog to be worth writing, and a recovering client
     * gets it from its history instead.
     */
    @Override
    public boolean close(CloseReason reason) {
        channel.getIoThread().execute(() -> {
            if (closing) {
                return;
            }
            closing = true;
            if (reason == CloseReason.QUEUE_OVERFLOW || lost) {
                IoUtils.safeClose(channel);
                return;
            }
            // Planned first, so that nothing below can leave the connection open.
            try {
                channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException stopping) {
                IoUtils.safeClose(channel);
                return;
            }
            if (session() != null) {
                session().streamFor(this, Integer.MAX_VALUE).packets().forEach(p -> write(p, queued));
            }
            if (reason.notifiesClient()) {
                write(EnginePacket.CLOSE, direct);
            }
            WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "", channel, null);
        });
        return false;
    }
}
