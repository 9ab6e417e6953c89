package io.comet.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a fresh socket, byte for byte as given, for the fuzzer: unlike
 * {@link RawHttp}, which expects a well-formed answer, it takes whatever comes (nothing, a cut, a stream
 * that never ends) and reports it. The request should ask for {@code Connection: close}; the reply is read until the server closes,
 * or for {@code timeoutMillis} in all (a stream that the request opened never ends by itself).
 */
final class FuzzHttp {
    /**
     * What came back.
     *
     * @param status  the status code, or -1 when the server closed (or went quiet) without a status line
     * @param head    the status line and headers
     * @param body    the rest, as text
     * @param timedOut whether the server was still sending, or quiet, when the time was up
     */
    record Reply(int status, String head, String body, boolean timedOut) {
        /** The first value of a response header, or {@code null}. */
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim()).findFirst().orElse(null);
        }
    }

    private FuzzHttp() {
    }

    static Reply exchange(int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean timedOut = false;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            try {
                boolean headOnly = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD ");
                for (int n; !complete(received, headOnly) && (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                    long left = (deadline - System.nanoTime()) / 1_000_000L;
                    if (left <= 0) {
                        throw new SocketTimeoutException();
                    }
                    socket.setSoTimeout((int) left);
                }
            } catch (SocketTimeoutException e) {
                timedOut = true;
            } catch (IOException e) {
                // Reset by the server: what arrived before counts.
            }
            return parse(received.toString(StandardCharsets.ISO_8859_1), timedOut);
        }
    }

    /**
     * Whether the reply is whole without waiting for the server to close: a 101, 204, 304 or an answer to HEAD once its head is in, a
     * body of the announced length, or the last chunk of a chunked one.
     */
    private static boolean complete(ByteArrayOutputStream received, boolean headOnly) {
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Reply head = parse(text, false);
        if (headOnly || head.status() == 101 || head.status() == 204 || head.status() == 304) {
            return true;
        }
        String length = head.header("Content-Length");
        if (length != null) {
            try {
                return text.length() - end - 4 >= Long.parseLong(length);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (!"chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            return false;
        }
        // A stream (a 2xx of chunks that never ends by itself) has shown what it is with its first chunk.
        return text.endsWith("\r\n0\r\n\r\n") || head.status() < 300 && text.length() > end + 4;
    }

    private static Reply parse(String text, boolean timedOut) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        int status = -1;
        if (head.startsWith("HTTP/1.1 ") && head.length() >= 12) {
            try {
                status = Integer.parseInt(head.substring(9, 12));
            } catch (NumberFormatException e) {
                status = -1;
            }
        }
        return new Reply(status, head, body, timedOut);
    }
}
