package io.comet.engine;

import io.comet.protocol.EnginePacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered, bounded list of packets a session holds for its client. Every packet gets the next
 * offset of the session's stream, so a client's position in it is one number.
 *
 * <p>Not thread-safe: the owning session guards it with its lock.
 */
final class OutboundQueue {
    private final ArrayDeque<EnginePacket> packets = new ArrayDeque<>();
    private final int maxPackets;
    private final long maxBytes;
    private long headOffset;
    private long bytes;

    OutboundQueue(int maxPackets, long maxBytes) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
    }

    /** Appends a packet; {@code false} when that would exceed a bound, and nothing is added. */
    boolean offer(EnginePacket packet) {
        int size = packet.wireSize();
        if (packets.size() >= maxPackets || bytes + size > maxBytes) {
            return false;
        }
        packets.addLast(packet);
        bytes += size;
        return true;
    }

    /** Removes and returns up to {@code max} packets from the head, oldest first. */
    List<EnginePacket> drain(int max) {
        int n = Math.min(max, packets.size());
        List<EnginePacket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EnginePacket p = packets.pollFirst();
            bytes -= p.wireSize();
            out.add(p);
        }
        headOffset += n;
        return out;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    int size() {
        return packets.size();
    }

    long bytes() {
        return bytes;
    }

    /** The offset of the oldest packet still queued (equal to {@link #nextOffset()} when empty). */
    long headOffset() {
        return headOffset;
    }

    /** The offset the next offered packet will get. */
    long nextOffset() {
        return headOffset + packets.size();
    }
}
