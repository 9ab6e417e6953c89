package io.comet.demo;

import io.comet.demo.ChatBrowser.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat page in one real browser, reused across the tests: each test loads the page afresh. */
class ChatPageTest {
    @RegisterExtension
    static final ChatInBrowsers chat = new ChatInBrowsers("browser");
    private static ChatBrowser browser;

    @BeforeAll
    static void nameTheBrowser() {
        browser = chat.browser(0);
    }

    @Test
    void theDefaultPageConnectsOverWebSocket() {
        browser.openConnected("");

        assertEquals("websocket", browser.socketTransport());
        assertEquals("websocket", browser.text("transport"));
        assertEquals("connected", browser.text("status"));
    }

    @Test
    void withoutWebSocketInTheBrowserAChainOfWebSocketThenPollingConnectsOverPolling() {
        String noWebSocket = browser.addInitScript("delete window.WebSocket; window.WebSocket = undefined;");
        try {
            String nick = unique("Dora");
            browser.openConnected(query("nick", nick, "transports", "websocket,polling")).awaitUsers(nick);

            assertEquals("undefined", browser.script("return typeof window.WebSocket;"));
            assertEquals("polling", browser.socketTransport());
            assertEquals("polling", browser.text("transport"));
            browser.typeAndSubmit("chat-input", "no WebSocket here", "chat-submit");
            browser.awaitMessage(new Message("public", nick, "no WebSocket here"));
        } finally {
            browser.removeInitScript(noWebSocket);
        }
    }

    @Test
    void echoAcknowledgesArgumentsOfEveryJsonTypeUnchanged() {
        browser.openConnected("");
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", Arrays.asList(true, null, "x"));
        nested.put("zero", 0L);
        nested.put("empty", "");
        List<Object> args = Arrays.asList(
                "text with \u00fcnic\u00f6de \u2713, \"quotes\", \\ and a\nnewline",
                42L,
                -3.25,
                9007199254740991L,
                true,
                false,
                Arrays.asList(1L, "two", null, List.of(3L), Map.of()),
                Map.of("nested", nested, "emptyList", List.of()));

        List<Object> acked = browser.emitWithAck("echo", args.toArray());

        assertEquals(args, acked);
    }

    @Test
    void echoAcknowledgesNullArgumentsUnchanged() {
        browser.openConnected("");
        List<Object> args = Arrays.asList("before", null, 7L, null);

        List<Object> acked = browser.emitWithAck("echo", args.toArray());

        assertEquals(args, acked);
    }

    @Test
    void withoutANicknameInTheUrlTheInlineFormJoinsTheChat() {
        browser.openConnected("");
        assertTrue(browser.displayed("nick-form"));
        assertEquals("not joined", browser.text("me"));
        assertFalse(browser.driver().findElement(By.id("chat-input")).isEnabled());

        String nick = unique("Erin");
        browser.typeAndSubmit("nick-input", nick, "nick-submit");

        browser.await("the page to join as " + nick, d -> nick.equals(browser.text("me")));
        browser.awaitUsers(nick);
        assertFalse(browser.displayed("nick-form"));
        assertTrue(browser.driver().findElement(By.id("chat-input")).isEnabled());
        browser.typeAndSubmit("chat-input", "joined through the form", "chat-submit");
        browser.awaitMessage(new Message("public", nick, "joined through the form"));
    }

    @Test
    void aTakenNicknameIsRefusedInlineAndAnotherCanBePicked() {
        browser.openConnected("");
        String taken = unique("Frank");
        // Another client, with a clientId of its own, holds the name.
        Object claimed = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "var other = window.otherClient = comet.connect({forceNew: true, auth: {clientId: 'someone-else'}});"
                        + "other.emit('nick', arguments[0], function (ok) { done(ok); });",
                taken);
        assertEquals(true, claimed);

        browser.typeAndSubmit("nick-input", taken, "nick-submit");

        browser.await("the refusal", d -> browser.text("nick-error").contains(taken));
        assertTrue(browser.displayed("nick-form"));
        assertEquals("not joined", browser.text("me"));

        String free = unique("Grace");
        browser.driver().findElement(By.id("nick-input")).clear();
        browser.typeAndSubmit("nick-input", free, "nick-submit");
        browser.await("the page to join as " + free, d -> free.equals(browser.text("me")));
        assertFalse(browser.displayed("nick-form"));
        assertEquals("", browser.text("nick-error"));
    }

    @Test
    void nicknamesAndMessagesAreShownAsTextNeverAsMarkup() {
        String nick = "<i>" + unique("Mallory") + "</i>";
        browser.openConnected(query("nick", nick)).awaitUsers(nick);
        String text = "<img src=x onerror=\"window.injected = 1\"><b>bold?</b> &amp; <script>window.injected = 2</script>";

        browser.typeAndSubmit("chat-input", text, "chat-submit");
        browser.awaitMessage(new Message("public", nick, text));
        assertEquals(List.of(true), browser.emitWithAck("private message", nick, "<u>private</u>"));
        browser.awaitMessage(new Message("private", nick, "<u>private</u>"));

        assertEquals(0L, browser.script(
                "return document.querySelectorAll('#messages img, #messages b, #messages script, #messages u, #users i').length;"));
        assertEquals(true, browser.script("return window.injected === undefined;"));
        assertEquals(nick, browser.text("me"));
    }

    /** Prints the time from the page's first script to its first connect; measures, asserts nothing about it. */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void reportsTheTimeFromPageLoadToConnect(String transport) {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            browser.openConnected(query("transports", transport));
            assertEquals(transport, browser.socketTransport());
            @SuppressWarnings("unchecked")
            Map<String, Object> timings = (Map<String, Object>) browser.script("return window.cometTimings;");
            double loadStart = ((Number) timings.get("loadStart")).doubleValue();
            double connectedAt = ((Number) timings.get("connectedAt")).doubleValue();
            samples.add(Math.round(connectedAt - loadStart));
            browser.leave();
        }
        List<Long> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        System.out.println("connect time over " + transport + ": " + sorted.get(sorted.size() / 2)
                + " ms (page load to connect)");
        System.out.println("  (median of 3 page loads; each: " + samples + " ms)");
    }
}
