package io.comet.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded Socket.IO packet. A binary packet is complete once all its attachments have arrived as the
 * Engine.IO binary messages that follow it; {@link #addAttachment} collects them.
 *
 * @param type        the packet type
 * @param namespace   the namespace, {@code "/"} when the wire form omits it
 * @param ackId       the acknowledgement id, or {@code -1} when there is none
 * @param data        the JSON data, or {@code null} when the packet carries none
 * @param attachments how many binary attachments follow
 * @param buffers     the attachments received so far
 */
public record SocketPacket(SocketPacketType type, String namespace, long ackId, JsonNode data, int attachments,
                           List<byte[]> buffers) {

    public SocketPacket(SocketPacketType type, String namespace, long ackId, JsonNode data, int attachments) {
        this(type, namespace, ackId, data, attachments, attachments > 0 ? new ArrayList<>(attachments) : List.of());
    }

    public boolean hasAck() {
        return ackId >= 0;
    }

    /** Whether every announced attachment has arrived. */
    public boolean isComplete() {
        return buffers.size() >= attachments;
    }

    public void addAttachment(byte[] buffer) {
        buffers.add(buffer);
    }
}
