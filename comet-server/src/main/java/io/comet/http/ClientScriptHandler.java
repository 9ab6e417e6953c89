package io.comet.http;

import io.comet.transport.HttpReplies;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Serves the browser client, {@code comet.js}, from the classpath with a strong ETag: browsers
 * revalidate and get 304 until the server is upgraded.
 */
public final class ClientScriptHandler implements HttpHandler {
    /** Where the comet-js module puts the concatenated client. */
    public static final String RESOURCE = "io/comet/client/comet.js";

    private final byte[] script;
    private final String etag;

    public ClientScriptHandler() {
        try (InputStream in = ClientScriptHandler.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: add the comet-js artifact");
            }
            script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        etag = "\"" + sha256(script).substring(0, 32) + "\"";
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            HttpReplies.error(exchange, HttpReplies.Error.BAD_REQUEST);
            return;
        }
        exchange.getResponseHeaders().put(Headers.ETAG, etag);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseHeaders().put(HttpReplies.X_CONTENT_TYPE_OPTIONS, "nosniff");
        String ifNoneMatch = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        if (etag.equals(ifNoneMatch)) {
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/javascript; charset=UTF-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, script.length);
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.endExchange();
            return;
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(script));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
