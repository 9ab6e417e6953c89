package io.comet.transport;

import io.comet.test.TestServer;
import io.comet.transport.StreamingTransportsTest.Frame;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One GET response of a streaming transport (xhr-streaming, eventsource or htmlfile) read packet by
 * packet as it arrives, whichever way the transport frames them; preludes, padding and comments are
 * skipped.
 */
final class StreamFrames implements AutoCloseable {
    /** The htmlfile callback name the tests use. */
    static final String CALLBACK = "comet_cb";
    private static final Pattern SCRIPT_FRAME = Pattern.compile("<script>p\\((\\d+),(\"[^\"]*\")\\);</script>");

    private final String transport;
    private final HttpStream stream;

    private StreamFrames(String transport, HttpStream stream) {
        this.transport = transport;
        this.stream = stream;
    }

    /** The endpoint's URL for that transport with {@code extra} query parameters (and htmlfile's callback). */
    static String url(TestServer server, String transport, String extra) {
        String cb = HtmlFileTransport.NAME.equals(transport) ? "&cb=" + CALLBACK : "";
        return server.url() + server.path() + "?EIO=4&transport=" + transport + cb + extra;
    }

    /** Opens a GET: a new session without {@code extra}, else e.g. {@code "&sid=..&offset=.."}. */
    static StreamFrames open(TestServer server, String transport, String extra, Map<String, String> headers) throws Exception {
        return new StreamFrames(transport, HttpStream.open(url(server, transport, extra), headers));
    }

    int status() {
        return stream.status();
    }

    /** The next packet with its offset, or {@code null} once the response has ended. */
    Frame next() throws InterruptedException {
        return switch (transport) {
            case XhrStreamingTransport.NAME -> StreamingTransportsTest.nextXhrFrame(stream);
            case EventSourceTransport.NAME -> nextEvent();
            case HtmlFileTransport.NAME -> nextScript();
            default -> throw new IllegalArgumentException("not a streaming transport: " + transport);
        };
    }

    private Frame nextEvent() throws InterruptedException {
        String id = null;
        String line;
        while (!(line = stream.nextContent()).equals(HttpStream.END)) {
            if (line.startsWith("id: ")) {
                id = line.substring("id: ".length());
            } else if (line.startsWith("data: ")) {
                assertTrue(id != null, "an event without id: " + line);
                return new Frame(Long.parseLong(id), line.substring("data: ".length()));
            }
        }
        return null;
    }

    private Frame nextScript() throws InterruptedException {
        String line;
        while (!(line = stream.nextContent()).equals(HttpStream.END)) {
            Matcher m = SCRIPT_FRAME.matcher(line);
            if (m.matches()) {
                return new Frame(Long.parseLong(m.group(1)), StreamingTransportsTest.unescapeLiteral(m.group(2)));
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        stream.close();
    }
}
