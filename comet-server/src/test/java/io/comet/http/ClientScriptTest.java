package io.comet.http;

import io.comet.test.TestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.comet.http.Refusals.assertRefused;
import static io.comet.test.PollingSession.endpoint;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

@DisplayName("The browser client and the paths around the endpoint")
class ClientScriptTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static Response getScript() {
        return endpoint(server).get("comet.js");
    }

    @Test
    @DisplayName("comet.js is served as JavaScript with a strong ETag")
    void servesScript() {
        getScript().then().statusCode(200)
                .contentType(startsWith("application/javascript"))
                .header("ETag", matchesPattern("\"[^\"]+\""));
    }

    @Test
    @DisplayName("a revalidation with the current ETag gets 304 and no body")
    void notModified() {
        String etag = getScript().header("ETag");

        endpoint(server).header("If-None-Match", etag).get("comet.js").then()
                .statusCode(304).header("ETag", etag).body(emptyString());
    }

    @Test
    @DisplayName("a revalidation with another ETag gets the script again")
    void staleETag() {
        endpoint(server).header("If-None-Match", "\"stale\"").get("comet.js").then().statusCode(200);
    }

    @Test
    @DisplayName("HEAD answers the headers of GET")
    void head() {
        Response get = getScript();

        endpoint(server).head("comet.js").then().statusCode(200)
                .header("ETag", get.header("ETag"))
                .header("Content-Length", String.valueOf(get.asByteArray().length));
    }

    @Test
    @DisplayName("POST to comet.js gets 400")
    void postToScript() {
        assertRefused(endpoint(server).body("x").post("comet.js"), 400, 3, "Bad request");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/elsewhere", "/socket.io/other.js", "/socket.io/x/", "/socket.ioo/"})
    @DisplayName("a request outside the endpoint gets 404 in JSON")
    void outsideThePath(String path) {
        assertRefused(RestAssured.given().baseUri(server.url()).get(path), 404, 3, "Not found");
    }

    @Test
    @DisplayName("the endpoint answers without its trailing slash too")
    void pathWithoutTrailingSlash() {
        RestAssured.given().baseUri(server.url())
                .queryParam("EIO", 4).queryParam("transport", "polling")
                .get("/socket.io").then().statusCode(200).body(startsWith("0{"));
    }

    @Test
    @DisplayName("refusals are never cached or content-sniffed")
    void refusalsAreNotCached() {
        endpoint(server).get().then().statusCode(400)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
