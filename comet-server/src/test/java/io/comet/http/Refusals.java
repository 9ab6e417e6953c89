package io.comet.http;

import io.restassured.response.Response;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Assertions on the error replies of the HTTP edge: a status and {@code {"code":N,"message":"…"}}. */
public final class Refusals {
    private Refusals() {
    }

    public static void assertRefused(Response response, int status, int code, String message) {
        response.then()
                .statusCode(status)
                .contentType(startsWith("application/json"))
                .body("code", equalTo(code))
                .body("message", equalTo(message));
    }

    /** The session is gone: a poll on it is refused as unknown. */
    public static void assertSessionClosed(Response pollAfterwards) {
        assertRefused(pollAfterwards, 400, 1, "Session ID unknown");
    }
}
