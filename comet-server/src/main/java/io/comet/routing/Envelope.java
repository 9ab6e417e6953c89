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
 */
public record Envelope(String offset, List<EnginePacket> packets, long sentAt) {
    /** The bytes it occupies, for the recovery history's bounds. */
    public int size() {
        int n = 0;
        for (EnginePacket p : packets) {
            n += p.wireSize();
        }
        return n;
    }
}
