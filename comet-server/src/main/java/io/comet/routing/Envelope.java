package io.comet.routing;

import io.comet.protocol.EnginePacket;

import java.util.List;

/**
 * One outgoing Socket.IO packet as every recipient gets it: its Engine.IO packets, encoded once and
 * shared, and the offset that names it in each recipient's recovery history ({@code null} for packets
 * that are not events, or when recovery is off). One envelope serves every recipient of a broadcast.
 *
 * @param offset  the event's offset, also its last argument on the wire, or {@code null}
 * @param packets the Engine.IO packets (the packet text, then its binary attachments)
 * @param sentAt  when it was emitted, epoch milliseconds: the recovery window counts from here
 * @param size    the bytes it occupies, for the recovery histories' bounds: counted once, not per recipient
 */
public record Envelope(String offset, List<EnginePacket> packets, long sentAt, int size) {
    /** An envelope whose size is counted from its packets. */
    public Envelope(String offset, List<EnginePacket> packets, long sentAt) {
        this(offset, packets, sentAt, sizeOf(packets));
    }

    private static int sizeOf(List<EnginePacket> packets) {
        int n = 0;
        for (EnginePacket p : packets) {
            n += p.wireSize();
        }
        return n;
    }
}
