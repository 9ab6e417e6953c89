package io.comet.engine;

import io.comet.protocol.EnginePacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered, bounded list of packets a session holds for its client. Every packet gets the next
 * offset of the session's stream, so a client's position in it is one number.
 *
 * <p>Packets are <em>pending</em> until a transport takes them. Transports whose connections may be cut
 * with data in flight (the HTTP streams) take them <em>retained</em>: they stay here, sent but
 * unacknowledged, until the client says which offset it expects next, and are sent again from there.
 * Retained packets count against the bounds like pending ones.
 *
 * <p>Not thread-safe: the owning session guards it with its lock.
 */
final class OutboundQueue {
    private final ArrayDeque<EnginePacket> retained = new ArrayDeque<>();
    private final ArrayDeque<EnginePacket> pending = new ArrayDeque<>();
    private final int maxPackets;
    private final long maxBytes;
    private long retainedOffset; // offset of the first retained packet
    private long bytes;
    private boolean inDoubt; // the retained packets were carried by a stream that was cut

    OutboundQueue(int maxPackets, long maxBytes) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
    }

    /** Appends a packet; {@code false} when that would exceed a bound, and nothing is added. */
    boolean offer(EnginePacket packet) {
        return offerAll(List.of(packet));
    }

    /** Appends packets that belong together, all or none; {@code false} when they would exceed a bound. */
    boolean offerAll(List<EnginePacket> packets) {
        long size = 0;
        for (EnginePacket p : packets) {
            size += p.wireSize();
        }
        if (size() + packets.size() > maxPackets || bytes + size > maxBytes) {
            return false;
        }
        pending.addAll(packets);
        bytes += size;
        return true;
    }

    /**
     * Removes and returns up to {@code max} pending packets, oldest first, for a transport that does not
     * retain; anything still retained is forgotten too (after {@link #handOver()} nothing is).
     */
    List<EnginePacket> drain(int max) {
        acknowledge(headOffset());
        List<EnginePacket> out = take(max);
        retainedOffset += out.size();
        for (EnginePacket p : out) {
            bytes -= p.wireSize();
        }
        return out;
    }

    /** Returns up to {@code max} pending packets, oldest first, keeping them until acknowledged. */
    List<EnginePacket> drainRetained(int max) {
        List<EnginePacket> out = take(max);
        retained.addAll(out);
        return out;
    }

    private List<EnginePacket> take(int max) {
        int n = Math.min(max, pending.size());
        List<EnginePacket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pending.pollFirst());
        }
        return out;
    }

    /** Forgets the retained packets before {@code nextExpected}: the client has them. */
    void acknowledge(long nextExpected) {
        while (retainedOffset < nextExpected && !retained.isEmpty()) {
            bytes -= retained.pollFirst().wireSize();
            retainedOffset++;
        }
    }

    /** The client expects {@code nextExpected}: what comes before is forgotten, what was sent after goes again. */
    void resendFrom(long nextExpected) {
        acknowledge(nextExpected);
        rewind();
    }

    /** Makes every retained packet pending again, in order, to be sent once more. */
    void rewind() {
        while (!retained.isEmpty()) {
            pending.addFirst(retained.pollLast());
        }
        inDoubt = false;
    }

    /** The stream response that carried the retained packets was cut: which of them arrived is unknown. */
    void retainedInDoubt() {
        inDoubt = true;
    }

    /**
     * Settles the retained packets when a transport that does not retain takes over from a stream (the
     * WebSocket upgrade): no offset will acknowledge them any more, and the new transport must send
     * exactly what the client has not got, in order.
     *
     * <p>Every stream GET rewinds what was retained before it (the client names its offset), so the
     * retained packets are those the latest stream response took. When the server completed that
     * response (it ends a stream at the probe after writing what is queued, and the client pauses until
     * it has ended) or is completing it (the replaced transport writes what it holds, then ends), every
     * one of them arrives: they are acknowledged, since sending them again would duplicate them; the
     * WebSocket starts at the first packet never written. When that response was cut instead, the client
     * may have missed any of them and there is no offset left to tell: they are rewound and sent again,
     * preferring a repeat to a loss.
     */
    void handOver() {
        if (inDoubt) {
            rewind();
        } else {
            acknowledge(headOffset());
        }
    }

    /** Whether {@code offset} is one a client may name as the next it expects: held, or the next to send. */
    boolean holds(long offset) {
        return offset >= retainedOffset && offset <= headOffset();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Pending and retained packets. */
    int size() {
        return pending.size() + retained.size();
    }

    long bytes() {
        return bytes;
    }

    /** The offset of the oldest packet not yet taken (equal to {@link #nextOffset()} when none is pending). */
    long headOffset() {
        return retainedOffset + retained.size();
    }

    /** The offset of the oldest retained packet (equal to {@link #headOffset()} when none is retained). */
    long retainedOffset() {
        return retainedOffset;
    }

    /** The offset the next offered packet will get. */
    long nextOffset() {
        return headOffset() + pending.size();
    }
}
