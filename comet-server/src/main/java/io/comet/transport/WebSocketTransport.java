package io.comet.transport;

import io.comet.engine.CloseReason;
import io.comet.engine.EngineOptions;
import io.comet.protocol.EnginePacket;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * WebSocket: one frame per Engine.IO packet, text or binary.
 *
 * <p>All writes happen on the channel's IO thread, so they keep the queue's order. At most
 * {@value #WINDOW} frames are handed to Undertow at a time; the rest wait in the session's bounded
 * queue. A frame stays in that queue, inside its bounds, until it is written (or, in an acknowledging
 * session, until the client acknowledges it), so a slow client costs bounded memory. A text frame is
 * written from the packet's shared UTF-8 bytes: a broadcast is not copied per recipient.
 *
 * <p>Each message is read by a {@link BoundedMessage}: one over {@code maxPayload} bytes is refused
 * before more of it is held, and the connection is closed with 1009 (Message Too Big); what the client
 * sends until it answers the close is dropped. While the session's reads are paused the channel reads
 * nothing, so the client's frames wait in the network.
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
    private volatile boolean refused; // a message was too large: what comes after it is dropped

    public WebSocketTransport(WebSocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return EngineOptions.WEBSOCKET;
    }

    /** Starts reading frames; a message over {@code maxPayload} bytes ends the connection with 1009. */
    public void start(int maxPayload) {
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onText(WebSocketChannel ch, StreamSourceFrameChannel message) {
                read(message, maxPayload, bytes -> receiveText(new String(bytes, StandardCharsets.UTF_8)));
            }

            @Override
            protected void onBinary(WebSocketChannel ch, StreamSourceFrameChannel message) {
                read(message, maxPayload, bytes -> receive(EnginePacket.binary(bytes)));
            }

            @Override
            protected void onCloseMessage(CloseMessage cm, WebSocketChannel ch) {
                // A close frame is the client's own goodbye (a page that goes away), not a cut: the
                // session ends even where a cut connection could be resumed.
                lost = true;
                connectionLost(CloseReason.CLIENT_CLOSE);
            }
        });
        channel.addCloseTask(ch -> lose());
        channel.resumeReceives();
    }

    /** Reads a data message for {@code take}; after a refusal, only to drop it. */
    private void read(StreamSourceFrameChannel message, int maxPayload, Consumer<byte[]> take) {
        if (refused) {
            BoundedMessage.discard(message, maxPayload);
        } else {
            BoundedMessage.read(message, maxPayload, take, this::tooLarge);
        }
    }

    /** On the IO thread: a message went over the limit. Nothing more is taken; the close says why. */
    private void tooLarge() {
        refused = true;
        refuse(CloseReason.PAYLOAD_TOO_LARGE);
    }

    @Override
    public void pauseReads() {
        onIoThread(channel::suspendReceives);
    }

    @Override
    public void resumeReads() {
        onIoThread(channel::resumeReceives);
    }

    /**
     * Runs {@code change} now on the channel's IO thread (a pause there takes effect before the next
     * frame), else on that thread later, in order: the channel's lock is only ever waited for there, never
     * by a caller that holds the session's pause lock.
     */
    private void onIoThread(Runnable change) {
        if (Thread.currentThread() == channel.getIoThread()) {
            change.run();
            return;
        }
        try {
            channel.getIoThread().execute(change);
        } catch (RejectedExecutionException stopping) {
            // The server is stopping: its IO threads take no more work, and the connection goes with them.
        }
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
            CloseMessage goodbye = reason == CloseReason.PAYLOAD_TOO_LARGE
                    ? new CloseMessage(CloseMessage.MSG_TOO_BIG, HttpReplies.Error.PAYLOAD_TOO_LARGE.body())
                    : new CloseMessage(CloseMessage.NORMAL_CLOSURE, "");
            WebSockets.sendClose(goodbye, channel, null);
        });
        return false;
    }
}
