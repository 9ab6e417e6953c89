package io.comet.http;

import io.comet.test.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.comet.http.Refusals.assertRefused;
import static io.comet.test.PollingSession.endpoint;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@DisplayName("Cross-origin requests")
class CorsTest {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example.com";

    @RegisterExtension
    static final TestServer restricted = TestServer.with(b -> b.allowedOrigins(APP));
    @RegisterExtension
    static final TestServer anyOrigin = TestServer.with(b -> b.allowedOrigins("*"));
    @RegisterExtension
    static final TestServer defaults = TestServer.withDefaults();

    private static Response handshakeFrom(TestServer server, String origin) {
        return endpoint(server, "polling").header("Origin", origin).get();
    }

    private static RequestSpecification preflight(TestServer server, String origin) {
        return endpoint(server, "polling").header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type");
    }

    @Test
    @DisplayName("an allowed origin is admitted and echoed, with credentials")
    void allowedOriginIsEchoed() {
        handshakeFrom(restricted, APP).then().statusCode(200).body(startsWith("0{"))
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Vary", containsString("Origin"));
    }

    @Test
    @DisplayName("an origin that is not listed gets 403 code 4")
    void otherOriginIsForbidden() {
        Response response = handshakeFrom(restricted, EVIL);

        assertRefused(response, 403, 4, "Forbidden");
        response.then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    @DisplayName("with no allowed origins configured, any cross-origin request gets 403")
    void crossOriginForbiddenByDefault() {
        assertRefused(handshakeFrom(defaults, APP), 403, 4, "Forbidden");
    }

    @Test
    @DisplayName("\"*\" admits any origin as *, without credentials")
    void wildcardAdmitsAnyOriginWithoutCredentials() {
        handshakeFrom(anyOrigin, EVIL).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    @DisplayName("a request without Origin (not a browser) is admitted, without CORS headers")
    void noOriginIsAdmitted() {
        endpoint(restricted, "polling").get().then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    @DisplayName("a same-origin request is admitted whatever the list")
    void sameOriginIsAdmitted() {
        handshakeFrom(defaults, defaults.url()).then().statusCode(200);
    }

    @Test
    @DisplayName("a preflight of an allowed origin is answered 204 with the methods and the requested headers")
    void preflightOfAllowedOrigin() {
        preflight(restricted, APP).options().then().statusCode(204)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", equalTo("content-type"));
    }

    @Test
    @DisplayName("a preflight for a method the endpoint does not serve is allowed, so the page reads the endpoint's own 400")
    void preflightOfUnservedMethodLetsTheEndpointAnswer() {
        endpoint(restricted, "polling").header("Origin", APP)
                .header("Access-Control-Request-Method", "PUT").options()
                .then().statusCode(204).header("Access-Control-Allow-Methods", equalTo("PUT"));

        Response put = endpoint(restricted, "polling").header("Origin", APP).body("2").put();

        assertRefused(put, 400, 2, "Bad handshake method");
        put.then().header("Access-Control-Allow-Origin", APP);
    }

    @Test
    @DisplayName("a preflight of another origin gets 403")
    void preflightOfOtherOrigin() {
        assertRefused(preflight(restricted, EVIL).options(), 403, 4, "Forbidden");
    }

    @Test
    @DisplayName("a cross-origin WebSocket handshake from another origin gets 403")
    void webSocketFromOtherOrigin() {
        Response response = endpoint(restricted, "websocket").header("Origin", EVIL)
                .header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .get();

        assertRefused(response, 403, 4, "Forbidden");
    }
}
