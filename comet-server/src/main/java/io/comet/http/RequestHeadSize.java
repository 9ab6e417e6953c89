package io.comet.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

/**
 * The size of a request's head as the client sent it, give or take insignificant whitespace: the
 * request line and every header line, counted from what Undertow parsed, one byte per character (it
 * reads them as ISO-8859-1). Measured on every request so that the edge refuses a head over
 * {@code maxHeaderBytes} before anything is copied out of it.
 */
final class RequestHeadSize {
    private static final int CRLF = 2;
    private static final int COLON_SPACE = 2;

    private RequestHeadSize() {
    }

    static long of(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        long size = exchange.getRequestMethod().length() + 1 + exchange.getRequestURI().length()
                + (query == null || query.isEmpty() ? 0 : 1 + query.length())
                + 1 + exchange.getProtocol().length() + CRLF;
        for (HeaderValues header : exchange.getRequestHeaders()) {
            int name = header.getHeaderName().length();
            for (String value : header) {
                size += name + COLON_SPACE + value.length() + CRLF;
            }
        }
        return size + CRLF;
    }
}
