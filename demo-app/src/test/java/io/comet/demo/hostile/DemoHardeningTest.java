package io.comet.demo.hostile;

import io.comet.demo.ChatBrowser;
import io.comet.demo.ChatInBrowsers;
import io.comet.demo.DemoSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 15 of the hostile-input review, the demo itself: its pages are sent with a Content-Security-Policy
 * (which every transport of comet.js works under), {@code nosniff} and {@code X-Frame-Options}; one small
 * request cannot make it push without end, nor relay large payloads to everyone.
 */
@DisplayName("Hostile input: the demo")
class DemoHardeningTest {
    /** Records the page's CSP violations before any of its scripts run. */
    private static final String VIOLATION_TRAP = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', function (e) {"
            + "  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });";

    @RegisterExtension
    static final ChatInBrowsers chat = new ChatInBrowsers("browser");
    private static ChatBrowser browser;

    @BeforeAll
    static void trapViolations() {
        browser = chat.browser(0);
        browser.addInitScript(VIOLATION_TRAP);
    }

    @Test
    @DisplayName("case 15: the chat page is sent with a CSP, nosniff and X-Frame-Options")
    void pageHeaders() throws IOException, InterruptedException {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(chat.origin() + "/")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
        assertTrue(!page.body().contains("<script>"), "the page has no inline script for the policy to block");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "xhr-streaming", "eventsource", "htmlfile", "polling", "jsonp-polling"})
    @DisplayName("case 15: every transport of comet.js connects and chats under the page's policy, with no violation")
    void everyTransportUnderThePolicy(String transport) {
        String nick = ChatBrowser.unique("csp");
        browser.openConnected(ChatBrowser.query("transports", transport));
        assertEquals(transport, browser.socketTransport());
        assertEquals(List.of(true), browser.emitWithAck("nick", nick));
        browser.emit("chat", "under the policy");
        browser.awaitMessage(new ChatBrowser.Message("public", nick, "under the policy"));

        assertEquals(List.of(), browser.script("return window.__cspViolations;"));
    }

    @Test
    @DisplayName("case 15: markup injected into the chat page does not run, and the policy reports it")
    void injectedMarkupIsBlocked() {
        browser.openConnected("");
        browser.script("var div = document.createElement('div');"
                + "div.innerHTML = '<img src=x onerror=\"window.__pwned = 1\">';"
                + "document.body.appendChild(div);");

        browser.await("the policy to report the blocked handler",
                d -> !((List<?>) browser.script("return window.__cspViolations;")).isEmpty());
        assertEquals(null, browser.script("return window.__pwned || null;"));
    }

    @Test
    @DisplayName("case 15: count pushes at most 1,000 events however many are asked for")
    void countIsBounded() {
        browser.openConnected("");
        browser.script("window.__count = 0; window.socket.on('count', function () { window.__count++; });");

        assertEquals(List.of(1000L), numbers(browser.emitWithAck("count", 10_000)));
        browser.await("1,000 pushed events", d -> ((Number) browser.script("return window.__count;")).intValue() >= 1000);
        // The ack comes after the last push, and a marker after it: nothing beyond 1,000 was on its way.
        assertEquals(List.of(true), browser.emitWithAck("nick", ChatBrowser.unique("counted")));
        assertEquals(1000L, ((Number) browser.script("return window.__count;")).longValue());
    }

    @Test
    @DisplayName("case 15: broadcast relays payloads up to 64 KB, a thousand of them in a burst, and refuses a larger one")
    void broadcastIsBoundedInSize() {
        browser.openConnected("");
        browser.script("window.__relayed = []; window.socket.on('broadcast', function (n) { window.__relayed.push(n); });");

        browser.script("window.socket.emit('broadcast', 'x'.repeat(70 * 1024));"
                + "for (var i = 0; i < 1000; i++) window.socket.emit('broadcast', i);");
        browser.await("1,000 relayed broadcasts", d -> ((Number) browser.script("return window.__relayed.length;")).intValue() >= 1000);
        assertEquals(List.of(false), browser.emitWithAck("broadcast", "y".repeat(70 * 1024)), "the large one is refused");
        assertEquals(List.of(true), browser.emitWithAck("broadcast", "z".repeat(60 * 1024)), "under 64 KB is relayed");
        List<?> relayed = (List<?>) browser.script("return window.__relayed.slice(0, 1000);");
        for (int i = 0; i < 1000; i++) {
            assertEquals((long) i, ((Number) relayed.get(i)).longValue(), "relayed in order, the large one left out");
        }
    }

    @Test
    @DisplayName("case 15: the demo takes --allowed-origins, --max-sessions-per-address and --redis, or the environment")
    void commandLine() {
        DemoSettings fromArgs = DemoSettings.parse(new String[] {"--port", "9000", "--allowed-origins", "https://a.example, https://b.example",
                "--max-sessions-per-address", "50"}, Map.of("ALLOWED_ORIGINS", "https://ignored.example"));
        assertEquals(9000, fromArgs.port());
        assertArrayEquals(new String[] {"https://a.example", "https://b.example"}, fromArgs.allowedOrigins());
        assertEquals(50, fromArgs.maxSessionsPerAddress());

        DemoSettings fromEnv = DemoSettings.parse(new String[0], Map.of("ALLOWED_ORIGINS", "https://c.example", "PORT", "8081"));
        assertArrayEquals(new String[] {"https://c.example"}, fromEnv.allowedOrigins());
        assertEquals(8081, fromEnv.port());

        assertThrows(IllegalArgumentException.class, () -> DemoSettings.parse(new String[] {"--max-sessions-per-address", "-1"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.parse(new String[] {"--unknown", "1"}, Map.of()));
        assertEquals("redis://127.0.0.1:6379", DemoSettings.parse(new String[0], Map.of("REDIS_URL", "redis://127.0.0.1:6379")).redis());
        assertEquals(null, fromArgs.redis());
        assertThrows(IllegalArgumentException.class, () -> DemoSettings.parse(new String[] {"--redis", "127.0.0.1"}, Map.of()));
    }

    private static List<Long> numbers(Object list) {
        return ((List<?>) list).stream().map(o -> ((Number) o).longValue()).toList();
    }
}
