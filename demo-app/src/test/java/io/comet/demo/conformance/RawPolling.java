package io.comet.demo.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** HTTP long-polling requests as the public protocol suites make them. */
final class RawPolling {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    RawPolling(String base) {
        this.base = base;
    }

    /** The endpoint URL with a query string. */
    String url(String query) {
        return base + "?" + query;
    }

    HttpResponse<String> get(String query) throws Exception {
        return getAsync(query).get();
    }

    CompletableFuture<HttpResponse<String>> getAsync(String query) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(query))).timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String query, String body) throws Exception {
        return send("POST", query, body);
    }

    HttpResponse<String> send(String method, String query, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(query))).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a polling session and returns its sid. */
    String openSession() throws Exception {
        String body = get("EIO=4&transport=polling").body();
        int start = body.indexOf("\"sid\":\"") + 7;
        return body.substring(start, body.indexOf('"', start));
    }
}
