package io.comet.demo.transports;

import io.undertow.Undertow;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A test fixture: a small Undertow server on its own loopback port (so another origin than the chat's)
 * whose only page, {@code cross-origin-chat.html}, loads comet.js from the chat server and connects to it.
 */
public final class CrossOriginPage implements AutoCloseable {
    private static final String PAGE = "cross-origin-chat.html";

    private final Undertow undertow;

    private CrossOriginPage(Undertow undertow) {
        this.undertow = undertow;
    }

    /**
     * Serves the page at / of http://127.0.0.1:(a free port)/, for the chat server at {@code chatOrigin},
     * asked on each request: the page listens first, so that the chat server can be built to allow its
     * origin.
     */
    static CrossOriginPage start(Supplier<String> chatOrigin) {
        return serving(PAGE, chatOrigin);
    }

    /** As {@link #start}, with another page of this package's test resources as the page served at /. */
    public static CrossOriginPage serving(String resource, Supplier<String> chatOrigin) {
        String template = template(resource);
        Undertow undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    if (!exchange.getRequestPath().equals("/")) {
                        exchange.setStatusCode(404);
                        exchange.endExchange();
                        return;
                    }
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8");
                    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
                    byte[] page = template.replace("{{CHAT_ORIGIN}}", chatOrigin.get()).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseSender().send(ByteBuffer.wrap(page));
                })
                .build();
        undertow.start();
        return new CrossOriginPage(undertow);
    }

    private static String template(String resource) {
        try (InputStream in = CrossOriginPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath next to " + CrossOriginPage.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's origin, e.g. http://127.0.0.1:1234 (no trailing slash). */
    public String origin() {
        return "http://127.0.0.1:" + ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String url() {
        return origin() + "/";
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
