package io.comet.hostile;

import io.comet.test.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.comet.http.Refusals.assertRefused;
import static io.comet.test.PollingSession.endpoint;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, case 2: jsonp-polling and htmlfile, which script tags, frames and form posts reach from any
 * page with the user's cookies, let in only the pages the other transports let in: judged from
 * {@code Sec-Fetch-Site}, {@code Origin} or {@code Referer}, and a request that tells nothing only with
 * {@code legacyRequestsWithoutOrigin}.
 */
@DisplayName("Cross-site pages on jsonp-polling and htmlfile")
class CrossSiteLegacyTransportsTest {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "http://evil.example";
    private static final Pattern SID = Pattern.compile("sid\\\\u0022:\\\\u0022([A-Za-z0-9_-]+)");

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.allowedOrigins(APP, "*"));
    @RegisterExtension
    static final TestServer legacy = TestServer.with(b -> b.legacyRequestsWithoutOrigin(true));

    private static RequestSpecification jsonp(TestServer server) {
        return endpoint(server, "jsonp-polling").queryParam("callback", 0);
    }

    private static RequestSpecification htmlfile(TestServer server) {
        return endpoint(server, "htmlfile").queryParam("cb", "cb");
    }

    /** A jsonp-polling handshake as a page's script tag sends it across sites: no Origin, its page's Referer. */
    private static Response scriptTagFrom(String page) {
        return jsonp(server).header("Sec-Fetch-Site", "cross-site").header("Referer", page).get();
    }

    private static String sidOf(Response jsonpOpen) {
        Matcher m = SID.matcher(jsonpOpen.asString());
        assertTrue(m.find(), jsonpOpen.asString());
        return m.group(1);
    }

    private static RequestSpecification formPost(String sid, String payload) {
        return endpoint(server, "jsonp-polling").queryParam("sid", sid).formParam("d", payload);
    }

    @Test
    @DisplayName("case 2: a jsonp-polling handshake from a foreign Origin gets 403, as JSON that no page runs as script")
    void foreignOriginOnTheHandshake() {
        Response refused = jsonp(server).header("Origin", EVIL).get();

        assertRefused(refused, 403, 4, "Forbidden");
        refused.then().header("X-Content-Type-Options", "nosniff");
    }

    @Test
    @DisplayName("case 2: a jsonp-polling script tag of a foreign page (cross-site, its Referer, no Origin) gets 403")
    void foreignScriptTag() {
        assertRefused(scriptTagFrom(EVIL + "/phish.html?x=1"), 403, 4, "Forbidden");
    }

    @Test
    @DisplayName("case 2: a jsonp-polling form POST from a foreign Origin gets 403 and the session takes nothing from it")
    void foreignFormPost() {
        String sid = sidOf(scriptTagFrom(APP + "/"));

        assertRefused(formPost(sid, "40").header("Origin", EVIL).post(), 403, 4, "Forbidden");

        formPost(sid, "2").header("Origin", APP).post().then().statusCode(200).body(equalTo("ok"));
        jsonp(server).queryParam("sid", sid).header("Sec-Fetch-Site", "same-site").header("Referer", APP + "/")
                .get().then().statusCode(200).body(equalTo("___eio[0](\"3\");"));
    }

    @Test
    @DisplayName("case 2: an htmlfile frame of a foreign page gets 403")
    void foreignHtmlFileFrame() {
        assertRefused(htmlfile(server).header("Sec-Fetch-Site", "cross-site").header("Referer", EVIL + "/").get(),
                403, 4, "Forbidden");
        assertRefused(htmlfile(server).header("Referer", EVIL + "/").get(), 403, 4, "Forbidden");
    }

    @Test
    @DisplayName("case 2: a page on an allowed origin keeps working over jsonp-polling (Referer of that origin and no Origin), without CORS headers; a foreign page's POST into its session is refused")
    void allowedPageKeepsWorking() {
        Response open = scriptTagFrom(APP + "/chat/room?id=1");
        open.then().statusCode(200).body(startsWith("___eio[0](\"0{")).header("Access-Control-Allow-Origin", nullValue());
        String sid = sidOf(open);

        // Old Internet Explorer posts the form with a Referer and neither Origin nor Sec-Fetch-Site.
        formPost(sid, "40").header("Referer", APP + "/chat/room?id=1").post().then().statusCode(200).body(equalTo("ok"))
                .header("Access-Control-Allow-Origin", nullValue());
        jsonp(server).queryParam("sid", sid).header("Referer", APP + "/chat/room?id=1").get()
                .then().statusCode(200).body(containsString("40{"));

        assertRefused(formPost(sid, "41").header("Referer", EVIL + "/").post(), 403, 4, "Forbidden");
    }

    @Test
    @DisplayName("case 2: Sec-Fetch-Site decides first: same-origin and none admit; same-site is judged by the page's origin")
    void secFetchSiteDecidesFirst() {
        jsonp(server).header("Sec-Fetch-Site", "same-origin").get().then().statusCode(200);
        htmlfile(server).header("Sec-Fetch-Site", "none").get().then().statusCode(200);

        assertRefused(jsonp(server).header("Sec-Fetch-Site", "same-site").header("Referer", "https://other.example.com/").get(),
                403, 4, "Forbidden");
    }

    @Test
    @DisplayName("case 2: \"*\" does not open jsonp-polling or htmlfile to foreign pages, nor does a sandboxed page's Origin: null")
    void wildcardAndNullDoNotOpenLegacyTransports() {
        assertRefused(scriptTagFrom("https://anyone.example/"), 403, 4, "Forbidden");
        String sid = sidOf(scriptTagFrom(APP + "/"));
        assertRefused(formPost(sid, "40").header("Origin", "null").post(), 403, 4, "Forbidden");
    }

    @Test
    @DisplayName("case 2: a Referer that is not a URL names no allowed page: 403")
    void unparsableReferer() {
        assertRefused(jsonp(server).header("Referer", "app.example.com").get(), 403, 4, "Forbidden");
    }

    @Test
    @DisplayName("case 2: a request that tells nothing of its page gets 403, unless legacyRequestsWithoutOrigin")
    void requestsWithoutOrigin() {
        assertRefused(jsonp(server).get(), 403, 4, "Forbidden");
        assertRefused(htmlfile(server).get(), 403, 4, "Forbidden");

        jsonp(legacy).get().then().statusCode(200).body(startsWith("___eio[0](\"0{"));
        htmlfile(legacy).get().then().statusCode(200);
    }

    @Test
    @DisplayName("case 2: with legacyRequestsWithoutOrigin, a request the browser marks cross-site without Origin or Referer is still refused")
    void legacyOptInStillRefusesCrossSite() {
        assertRefused(jsonp(legacy).header("Sec-Fetch-Site", "cross-site").get(), 403, 4, "Forbidden");
        assertRefused(jsonp(legacy).header("Origin", EVIL).get(), 403, 4, "Forbidden");
    }
}
