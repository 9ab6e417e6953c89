package io.comet.hostile;

import io.comet.test.Await;
import io.comet.test.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw TCP connection to a test server, for requests no HTTP client would send: half-written heads,
 * bodies that stop, handshakes with exactly the headers a test wants. Reads wait at most
 * {@link Await#TIMEOUT}; nothing sleeps.
 */
final class RawHttp implements AutoCloseable {
    /** One HTTP response: its status, its headers (lower-case names, last value wins) and its body. */
    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawHttp connect(TestServer server) {
        return connect(server.port());
    }

    static RawHttp connect(int port) {
        try {
            return new RawHttp(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head of a GET or POST to the endpoint with this query, {@code Host} set, and these header lines. */
    static String head(TestServer server, String method, String query, String... headerLines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(server.path()).append("?EIO=4&").append(query)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(server.port()).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Writes the text as ISO-8859-1 bytes, as HTTP heads are. */
    RawHttp send(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one response: its head, then its body, chunked or of its Content-Length (none without
     * either, as for a 101).
     */
    Reply reply() {
        try {
            String[] lines = readHead().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? readChunks()
                    : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits up to {@code timeout} for the server to close the connection (end of stream or reset),
     * reading and dropping whatever comes before; {@code false} if it was still open then.
     */
    boolean awaitClosed(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // drop what the server still says
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readChunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int size;
        while ((size = Integer.parseInt(readLine().split(";")[0].strip(), 16)) > 0) {
            body.write(in.readNBytes(size));
            readLine();
        }
        readLine(); // the blank line after the last chunk (no trailers are sent)
        return body.toByteArray();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the connection ended inside a chunked body");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).strip();
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended before a response head; got: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
