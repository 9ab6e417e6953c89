package io.comet.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure encoding and decoding of Socket.IO v5 packets: {@code <type>[<n>-][<nsp>,][<ackId>][<json>]}.
 *
 * <p>Binary values ({@code byte[]}) inside event arguments are replaced by
 * {@code {"_placeholder":true,"num":i}} and travel as separate Engine.IO binary messages.
 */
public final class SocketCodec {
    private static final int MAX_NAMESPACE_LENGTH = 256;
    /** The most digits of an attachment count that are read: more than any int limit has. */
    private static final int MAX_ATTACHMENT_DIGITS = 9;
    /** The largest ack id: 2^53 - 1, the largest integer a JavaScript peer reads exactly. Ack ids are ASCII digits. */
    public static final long MAX_ACK_ID = (1L << 53) - 1;
    private static final int MAX_ACK_ID_DIGITS = 16;
    /** Event names socket.io keeps for itself: refused from clients, and never emitted. */
    public static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    private final ObjectMapper mapper;
    private final ObjectReader strictReader;
    private final int maxAttachments;

    /**
     * @param mapper         serialises event arguments and parses packet data
     * @param maxAttachments the most attachments a decoded packet may announce; more is a decoding error,
     *                       found before a single attachment is held
     */
    public SocketCodec(ObjectMapper mapper, int maxAttachments) {
        this.mapper = mapper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxAttachments = maxAttachments;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The Engine.IO messages that carry one encoded Socket.IO packet: its text, then its attachments. */
    public record Encoded(String text, List<byte[]> attachments) {
        /** The Engine.IO packets to queue, built once and shareable between recipients. */
        public List<EnginePacket> packets() {
            if (attachments.isEmpty()) {
                return List.of(EnginePacket.message(text));
            }
            List<EnginePacket> list = new ArrayList<>(attachments.size() + 1);
            list.add(EnginePacket.message(text));
            for (byte[] b : attachments) {
                list.add(EnginePacket.binary(b));
            }
            return list;
        }
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes an EVENT (or BINARY_EVENT) packet; {@code ackId} is -1 for none. */
    public Encoded encodeEvent(String namespace, String event, Object[] args, long ackId) {
        return encodeEvent(namespace, event, args, ackId, null);
    }

    /**
     * Encodes an EVENT (or BINARY_EVENT) packet whose last argument is its recovery offset, as
     * socket.io's connection state recovery has it; {@code offset} {@code null} adds nothing.
     */
    public Encoded encodeEvent(String namespace, String event, Object[] args, long ackId, String offset) {
        if (event == null || RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("a reserved event name: " + event);
        }
        List<Object> data = new ArrayList<>(args.length + 2);
        data.add(event);
        for (Object a : args) {
            data.add(a);
        }
        if (offset != null) {
            data.add(offset);
        }
        return encodeData(SocketPacketType.EVENT, namespace, data, ackId);
    }

    /** Encodes an ACK (or BINARY_ACK) packet answering {@code ackId}. */
    public Encoded encodeAck(String namespace, Object[] args, long ackId) {
        return encodeData(SocketPacketType.ACK, namespace, Arrays.asList(args), ackId);
    }

    /** Encodes a CONNECT reply carrying the socket id. */
    public String encodeConnect(String namespace, String socketId) {
        return encodeConnect(namespace, socketId, null);
    }

    /** Encodes a CONNECT reply carrying the socket id and, when recovery is on, its private session id. */
    public String encodeConnect(String namespace, String socketId, String pid) {
        return header(SocketPacketType.CONNECT, namespace, 0, -1, true) + "{\"sid\":" + json(socketId)
                + (pid == null ? "" : ",\"pid\":" + json(pid)) + "}";
    }

    /** Encodes a CONNECT_ERROR with a message and optional extra data. */
    public String encodeConnectError(String namespace, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (data != null) {
            body.put("data", data);
        }
        return header(SocketPacketType.CONNECT_ERROR, namespace, 0, -1, true) + json(body);
    }

    /** Encodes a DISCONNECT for a namespace. */
    public String encodeDisconnect(String namespace) {
        return header(SocketPacketType.DISCONNECT, namespace, 0, -1, false);
    }

    private Encoded encodeData(SocketPacketType type, String namespace, List<Object> data, long ackId) {
        List<byte[]> buffers = new ArrayList<>(0);
        Object payload = containsBinary(data) ? deconstruct(data, buffers) : data;
        SocketPacketType wireType = buffers.isEmpty() ? type
                : type == SocketPacketType.EVENT ? SocketPacketType.BINARY_EVENT : SocketPacketType.BINARY_ACK;
        return new Encoded(header(wireType, namespace, buffers.size(), ackId, true) + json(payload), buffers);
    }

    private static String header(SocketPacketType type, String namespace, int attachments, long ackId, boolean hasData) {
        StringBuilder sb = new StringBuilder(24).append(type.code());
        if (attachments > 0) {
            sb.append(attachments).append('-');
        }
        if (!"/".equals(namespace)) {
            sb.append(namespace);
            if (hasData || ackId >= 0) {
                sb.append(',');
            }
        }
        if (ackId >= 0) {
            sb.append(ackId);
        }
        return sb.toString();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise event argument: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean containsBinary(Object value) {
        if (value instanceof byte[]) {
            return true;
        }
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                if (containsBinary(o)) {
                    return true;
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Object o : m.values()) {
                if (containsBinary(o)) {
                    return true;
                }
            }
        } else if (value instanceof Object[] a) {
            for (Object o : a) {
                if (containsBinary(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Copies containers, replacing each byte[] by a placeholder and collecting it in {@code buffers}. */
    private static Object deconstruct(Object value, List<byte[]> buffers) {
        if (value instanceof byte[] b) {
            Map<String, Object> placeholder = new LinkedHashMap<>(2);
            placeholder.put("_placeholder", true);
            placeholder.put("num", buffers.size());
            buffers.add(b);
            return placeholder;
        }
        if (value instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>(c.size());
            for (Object o : c) {
                copy.add(deconstruct(o, buffers));
            }
            return copy;
        }
        if (value instanceof Object[] a) {
            return deconstruct(Arrays.asList(a), buffers);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>(m.size() * 2);
            m.forEach((k, v) -> copy.put(k, deconstruct(v, buffers)));
            return copy;
        }
        return value;
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes the text part of a Socket.IO packet; a binary packet still needs its attachments. */
    public SocketPacket decode(String s) throws ProtocolException {
        if (s.isEmpty()) {
            throw new ProtocolException("empty packet");
        }
        SocketPacketType type = SocketPacketType.fromCode(s.charAt(0));
        if (type == null) {
            throw new ProtocolException("unknown packet type");
        }
        int i = 1;
        int attachments = 0;
        if (type.isBinary()) {
            int dash = s.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > MAX_ATTACHMENT_DIGITS) {
                throw new ProtocolException("invalid attachment count");
            }
            attachments = parseDigits(s, i, dash);
            if (attachments < 1 || attachments > maxAttachments) {
                throw new ProtocolException("invalid attachment count");
            }
            i = dash + 1;
        }
        String namespace = "/";
        if (i < s.length() && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? s.length() : comma;
            if (end - i > MAX_NAMESPACE_LENGTH) {
                throw new ProtocolException("namespace too long");
            }
            namespace = s.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        int digitsStart = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (i - digitsStart == MAX_ACK_ID_DIGITS) {
                throw new ProtocolException("ack id too long");
            }
            i++;
        }
        if (i > digitsStart) {
            ackId = Long.parseLong(s, digitsStart, i, 10);
            if (ackId > MAX_ACK_ID) {
                throw new ProtocolException("ack id too large");
            }
        }
        JsonNode data = null;
        if (i < s.length()) {
            try {
                data = strictReader.readTree(s.substring(i));
            } catch (JsonProcessingException e) {
                throw new ProtocolException("invalid JSON payload");
            }
        }
        validate(type, data, ackId);
        return new SocketPacket(type, namespace, ackId, data, attachments);
    }

    private static int parseDigits(String s, int from, int to) throws ProtocolException {
        int n = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                throw new ProtocolException("invalid attachment count");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static void validate(SocketPacketType type, JsonNode data, long ackId) throws ProtocolException {
        boolean valid = switch (type) {
            case CONNECT -> ackId < 0 && (data == null || data.isObject());
            case DISCONNECT -> ackId < 0 && data == null;
            case EVENT, BINARY_EVENT -> data != null && data.isArray() && !data.isEmpty() && data.get(0).isTextual()
                    && !RESERVED_EVENTS.contains(data.get(0).textValue());
            case ACK, BINARY_ACK -> ackId >= 0 && data != null && data.isArray();
            case CONNECT_ERROR -> false; // only servers send it
        };
        if (!valid) {
            throw new ProtocolException("invalid " + type.name().toLowerCase() + " packet");
        }
    }
}
