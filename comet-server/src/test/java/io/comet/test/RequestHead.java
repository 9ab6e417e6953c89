package io.comet.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The head of an HTTP/1.1 request read off a connection's first bytes, for a proxy that must look at it. */
final class RequestHead {
    /** The most a proxy reads looking for the end of a head. */
    static final int MAX = 64 * 1024;

    private RequestHead() {
    }

    /**
     * The connection's first bytes: up to and with the blank line that ends the first head, and whatever
     * else arrived with it; or all of {@link #MAX} bytes, or all up to the end of stream, if no head ends
     * before. Empty if the stream ended at once.
     */
    static byte[] readFirst(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (read.size() < MAX && end(read.toByteArray()) < 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, MAX - read.size()));
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
        }
        return read.toByteArray();
    }

    /**
     * Whether the bytes start with a whole head that asks to upgrade to WebSocket: a header {@code Upgrade}
     * one of whose protocols is {@code websocket}, names and values in any case.
     */
    static boolean isWebSocketUpgrade(byte[] bytes) {
        int end = end(bytes);
        String[] lines = end < 0 ? new String[0] : new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("upgrade")) {
                for (String protocol : lines[i].substring(colon + 1).split(",")) {
                    if (protocol.trim().equalsIgnoreCase("websocket")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Where the blank line that ends the first head starts, or -1 if the bytes hold no whole head. */
    private static int end(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
