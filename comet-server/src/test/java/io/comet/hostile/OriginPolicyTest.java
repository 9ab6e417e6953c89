package io.comet.hostile;

import io.comet.Handshake;
import io.comet.test.Await;
import io.comet.test.TestServer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.comet.http.Refusals.assertRefused;
import static io.comet.test.PollingSession.endpoint;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, cases 8 and 9: what {@code allowedOrigins("*")} and {@code Origin: null} let in, and whom the
 * same-origin check believes: the connection, or with {@code trustProxy} the proxy's forwarded headers;
 * {@code allowedHosts} against DNS rebinding.
 */
@DisplayName("Origins, proxies and hosts")
class OriginPolicyTest {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example.com";
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static Response pollingHandshake(TestServer server, String origin) {
        return endpoint(server, "polling").header("Origin", origin).get();
    }

    /** A well-formed WebSocket handshake request, sent by REST Assured (which cannot take the 101 further). */
    private static RequestSpecification webSocketHandshake(TestServer server) {
        return endpoint(server, "websocket").header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", KEY);
    }

    @RegisterExtension
    static final TestServer any = TestServer.with(b -> b.allowedOrigins("*"));
    @RegisterExtension
    static final TestServer anyAndApp = TestServer.with(b -> b.allowedOrigins("*", APP));
    @RegisterExtension
    static final TestServer nullListed = TestServer.with(b -> b.allowedOrigins("null"));

    @Test
    @DisplayName("case 8: with \"*\", a foreign origin is answered Access-Control-Allow-Origin: * without credentials")
    void wildcardWithoutCredentials() {
        pollingHandshake(any, EVIL).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Vary", containsString("Origin"));
    }

    @Test
    @DisplayName("case 8: with \"*\", a preflight from a foreign origin is answered * without credentials")
    void wildcardPreflight() {
        endpoint(any, "polling").header("Origin", EVIL).header("Access-Control-Request-Method", "POST").options()
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    @DisplayName("case 8: with \"*\" and a listed origin, credentials go to the listed one only")
    void credentialsOnlyToListedOrigins() {
        pollingHandshake(anyAndApp, APP).then().statusCode(200)
                .header("Access-Control-Allow-Origin", APP)
                .header("Access-Control-Allow-Credentials", "true");
        pollingHandshake(anyAndApp, EVIL).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    @DisplayName("case 8: Origin: null gets 403 with \"*\", on polling and WebSocket; only a listed \"null\" admits it")
    void nullOrigin() {
        assertRefused(pollingHandshake(any, "null"), 403, 4, "Forbidden");
        assertRefused(webSocketHandshake(any).header("Origin", "null").get(), 403, 4, "Forbidden");

        pollingHandshake(nullListed, "null").then().statusCode(200).header("Access-Control-Allow-Origin", "null");
    }

    @Test
    @DisplayName("case 8: with \"*\", a WebSocket handshake from a foreign origin is still admitted (101)")
    void wildcardAdmitsWebSockets() {
        try (RawHttp http = RawHttp.connect(any)) {
            RawHttp.Reply reply = http.send(RawHttp.head(any, "GET", "transport=websocket", "Origin: " + EVIL,
                    "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + KEY)).reply();
            assertEquals(101, reply.status());
            assertEquals("*", reply.header("Access-Control-Allow-Origin"), "no credentials offered to a foreign origin");
        }
    }

    static final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();

    @RegisterExtension
    static final TestServer trusting = TestServer.with(b -> b.trustProxy(true))
            .serving(comet -> comet.sockets().onConnection(socket -> handshakes.add(socket.handshake())));
    @RegisterExtension
    static final TestServer direct = TestServer.withDefaults()
            .serving(comet -> comet.sockets().onConnection(socket -> handshakes.add(socket.handshake())));

    /** Opens a polling session with these request headers, joins "/" and returns what the application saw. */
    private static Handshake handshakeWith(TestServer server, String... headerPairs) throws InterruptedException {
        handshakes.clear();
        RequestSpecification get = endpoint(server, "polling");
        for (int i = 0; i < headerPairs.length; i += 2) {
            get.header(headerPairs[i], headerPairs[i + 1]);
        }
        Response open = get.get();
        open.then().statusCode(200);
        String sid = open.asString().replaceFirst("^0\\{\"sid\":\"([^\"]+)\".*", "$1");
        endpoint(server, "polling").queryParam("sid", sid).body("40").post().then().statusCode(200);
        Handshake handshake = handshakes.poll(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(handshake, "no connection within " + Await.TIMEOUT);
        return handshake;
    }

    @Test
    @DisplayName("case 9: behind a TLS-terminating proxy (X-Forwarded-Proto, -Host), the app's own https page is admitted")
    void ownHttpsPageBehindAProxy() {
        endpoint(trusting, "polling").header("Origin", APP)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "app.example.com").get()
                .then().statusCode(200).header("Access-Control-Allow-Origin", APP);
        endpoint(trusting, "polling").header("Origin", APP)
                .header("Forwarded", "for=203.0.113.7;proto=https;host=app.example.com").get()
                .then().statusCode(200).header("Access-Control-Allow-Origin", APP);
    }

    @Test
    @DisplayName("case 9: without trustProxy the forwarded headers are ignored: a forged X-Forwarded-Host makes no foreign page same-origin")
    void forwardedHeadersIgnoredUnlessTrusted() throws Exception {
        assertRefused(endpoint(direct, "polling").header("Origin", EVIL)
                .header("X-Forwarded-Host", "evil.example.com").header("X-Forwarded-Proto", "https").get(), 403, 4, "Forbidden");
        Handshake seen = handshakeWith(direct, "X-Forwarded-For", "203.0.113.7", "Forwarded", "for=203.0.113.8;proto=https");
        assertEquals("127.0.0.1", seen.address());
        assertFalse(seen.secure());

        assertEquals("203.0.113.7", handshakeWith(trusting, "X-Forwarded-For", "203.0.113.7").address());
    }

    @Test
    @DisplayName("case 9: Handshake.address() is the last X-Forwarded-For entry, the one the trusted proxy appended; secure() follows X-Forwarded-Proto")
    void addressFromXForwardedFor() throws Exception {
        Handshake seen = handshakeWith(trusting, "X-Forwarded-For", "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto", "https");

        assertEquals("203.0.113.7", seen.address());
        assertTrue(seen.secure());
    }

    @Test
    @DisplayName("case 9: Handshake.address() is the for= of the last Forwarded element (RFC 7239), IPv6 with a port included")
    void addressFromForwarded() throws Exception {
        Handshake seen = handshakeWith(trusting, "Forwarded", "for=198.51.100.1;proto=http, for=\"[2001:db8::17]:4711\";proto=https");

        assertEquals("2001:db8:0:0:0:0:0:17", seen.address());
        assertTrue(seen.secure());
    }

    @Test
    @DisplayName("case 9: a malformed Forwarded header is ignored (not a 500): X-Forwarded-For, else the connection, stands")
    void malformedForwardedIsIgnored() throws Exception {
        assertEquals("203.0.113.9", handshakeWith(trusting, "Forwarded", "for=\"unterminated", "X-Forwarded-For", "203.0.113.9").address());
        assertEquals("127.0.0.1", handshakeWith(trusting, "Forwarded", "for=unknown;proto=gopher;host=\"a b\"").address());
        assertEquals("127.0.0.1", handshakeWith(trusting, "X-Forwarded-For", "evil.example.com").address());
    }

    @RegisterExtension
    static final TestServer hosts = TestServer.with(b -> b.allowedHosts("app.example.com", "localhost:8443"));
    @RegisterExtension
    static final TestServer hostsBehindProxy = TestServer.with(b -> b.allowedHosts("app.example.com").trustProxy(true));

    private static Response withHost(TestServer server, String host, String origin) {
        return endpoint(server, "polling").header("Host", host).header("Origin", origin).get();
    }

    @Test
    @DisplayName("case 9: a DNS-rebinding page (Host and Origin of its own name) gets 403 Host not allowed, on every transport")
    void dnsRebindingIsRefused() {
        assertRefused(withHost(hosts, "evil.example.com", "http://evil.example.com"), 403, 4, "Host not allowed");
        assertRefused(endpoint(hosts, "jsonp-polling").queryParam("callback", 0).header("Host", "evil.example.com")
                .header("Sec-Fetch-Site", "same-origin").get(), 403, 4, "Host not allowed");
        assertRefused(webSocketHandshake(hosts).header("Host", "evil.example.com").header("Origin", "http://evil.example.com").get(),
                403, 4, "Host not allowed");
    }

    @Test
    @DisplayName("case 9: allowed hosts match case-insensitively and port-aware")
    void hostsMatchCaseInsensitivelyAndPortAware() {
        withHost(hosts, "APP.Example.com", "http://app.example.com").then().statusCode(200);
        withHost(hosts, "app.example.com:80", "http://app.example.com").then().statusCode(200);
        withHost(hosts, "localhost:8443", "http://localhost:8443").then().statusCode(200);

        assertRefused(withHost(hosts, "app.example.com:8080", "http://app.example.com:8080"), 403, 4, "Host not allowed");
        assertRefused(withHost(hosts, "localhost", "http://localhost"), 403, 4, "Host not allowed");
    }

    @Test
    @DisplayName("case 9: with trustProxy, allowed hosts are checked against the forwarded host")
    void forwardedHostIsChecked() {
        endpoint(hostsBehindProxy, "polling").header("Host", "backend:8080").header("X-Forwarded-Host", "app.example.com")
                .header("X-Forwarded-Proto", "https").header("Origin", APP).get().then().statusCode(200);

        assertRefused(endpoint(hostsBehindProxy, "polling").header("X-Forwarded-Host", "evil.example.com").get(),
                403, 4, "Host not allowed");
    }
}
