package io.comet.transport;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streaming GET read line by line as the bytes arrive, the way a browser reads a forever response.
 * The end of the response is the line {@link #END}.
 */
final class HttpStream implements AutoCloseable {
    static final String END = "\u0000end";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    private HttpStream(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = fromOwnPage(url).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = new Thread(this::read, "http-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * A request to {@code url} as a page on the server's own origin sends it: browsers mark it
     * {@code Sec-Fetch-Site: same-origin}, which is what admits jsonp-polling and htmlfile requests
     * (docs/security.md); the other transports ignore it.
     */
    static HttpRequest.Builder fromOwnPage(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Sec-Fetch-Site", "same-origin");
    }

    static HttpStream open(String url) throws Exception {
        return new HttpStream(url, Map.of());
    }

    static HttpStream open(String url, Map<String, String> headers) throws Exception {
        return new HttpStream(url, headers);
    }

    int status() {
        return response.statusCode();
    }

    HttpHeaders headers() {
        return response.headers();
    }

    /** The next line, failing after five seconds. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(5, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no line within 5 s");
        }
        return line;
    }

    /** The next line that is not blank (padding and separators are blank). */
    String nextContent() throws InterruptedException {
        String line;
        do {
            line = nextLine();
        } while (line.isBlank());
        return line;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (Exception e) {
            // the test closed the stream, or the server cut it: both end the lines
        }
        lines.add(END);
    }

    @Override
    public void close() throws Exception {
        response.body().close();
    }
}
