package io.comet.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Pure encoding and decoding of Engine.IO v4 packets and HTTP payloads. No IO, no state. */
public final class EngineCodec {
    /** Separates packets in an HTTP long-polling payload. */
    public static final char RECORD_SEPARATOR = '\u001e';

    private EngineCodec() {
    }

    /** Decodes one text packet, as found in a WebSocket text frame or one record of a payload. */
    public static EnginePacket decodePacket(String s) throws ProtocolException {
        if (s.isEmpty()) {
            throw new ProtocolException("empty packet");
        }
        char c = s.charAt(0);
        if (c == 'b') {
            try {
                // Some clients (the Java engine.io-client) wrap base64 in lines; line breaks are not data.
                return EnginePacket.binary(Base64.getMimeDecoder().decode(strictBase64(s.substring(1))));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("invalid base64 packet");
            }
        }
        EnginePacketType type = EnginePacketType.fromCode(c);
        if (type == null) {
            throw new ProtocolException("unknown packet type");
        }
        return new EnginePacket(type, s.substring(1));
    }

    /** Returns the text if it holds only base64 characters and line breaks, else throws. */
    private static String strictBase64(String s) throws ProtocolException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean valid = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '+' || c == '/' || c == '=' || c == '\r' || c == '\n';
            if (!valid) {
                throw new ProtocolException("invalid base64 packet");
            }
        }
        return s;
    }

    /** Decodes an HTTP long-polling payload: packets joined by the record separator. */
    public static List<EnginePacket> decodePayload(String payload) throws ProtocolException {
        List<EnginePacket> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = payload.indexOf(RECORD_SEPARATOR, start);
            packets.add(decodePacket(end < 0 ? payload.substring(start) : payload.substring(start, end)));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }

    /** Encodes packets into one HTTP long-polling payload. */
    public static String encodePayload(List<EnginePacket> packets) {
        if (packets.size() == 1) {
            return packets.get(0).encoded();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                sb.append(RECORD_SEPARATOR);
            }
            sb.append(packets.get(i).encoded());
        }
        return sb.toString();
    }
}
