package io.comet.demo.transports;

import io.comet.demo.ChatBrowser;
import io.comet.demo.ChatBrowser.Message;
import io.comet.demo.ChatInBrowsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.JavascriptExecutor;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The background upgrade of comet.js: a page connected over a fallback transport moves to WebSocket
 * once the server offers it and a probe gets through, and the application notices nothing: nothing it
 * sends or receives around the move is lost, repeated or reordered.
 */
class BackgroundUpgradeTest {
    private static final int PUSHED = 1000;
    private static final int SENT = 200;

    @RegisterExtension
    static final ChatInBrowsers chat = new ChatInBrowsers("browser");
    private static ChatBrowser browser;

    @BeforeAll
    static void nameTheBrowser() {
        browser = chat.browser(0);
    }

    @ParameterizedTest(name = "from {0}")
    @ValueSource(strings = {"polling", "xhr-streaming", "eventsource", "htmlfile"})
    void aPageOnAFallbackMovesToWebSocketAndKeepsChatting(String fallback) {
        String nick = unique("Uma");
        browser.openConnected(query("nick", nick, "transports", fallback + ",websocket"));
        Landing landing = Landing.of(browser);
        assertEquals(List.of(fallback + ":open"), landing.outcomes(), "the walk of the chain: " + landing.chain());

        browser.await("the upgrade to websocket", d -> "websocket".equals(browser.socketTransport()));
        System.out.println("connected over " + fallback + " in " + landing.millis() + " ms (page load to connect), then "
                + browser.script("return JSON.stringify(comet.lastUpgrade);"));
        assertEquals("upgraded", browser.script("return comet.lastUpgrade.outcome;"));
        assertEquals(fallback, browser.script("return comet.lastUpgrade.from;"));
        browser.await("the page to show websocket", d -> "websocket".equals(browser.text("transport")));

        browser.awaitJoined(nick);
        browser.typeAndSubmit("chat-input", "after the upgrade", "chat-submit");
        browser.awaitMessage(new Message("public", nick, "after the upgrade"));
        assertEquals(List.of("same", 1L), browser.emitWithAck("echo", "same", 1));
    }

    /**
     * A page that remembers a fallback for this server (WebSocket failed here within the last day, e.g.
     * on another network) starts with it, upgrades, and forgets it: the next load starts with WebSocket.
     */
    @Test
    void aRememberedFallbackIsForgottenOnceTheUpgradeSucceeds() {
        String memory = "comet.transport " + chat.origin() + "/socket.io/";
        browser.openConnected("");
        browser.script("localStorage.setItem(arguments[0], 'polling ' + Date.now());", memory);

        browser.openConnected("");
        assertEquals(List.of("polling:open"), Landing.of(browser).outcomes(), "the walk, starting with the remembered one");
        browser.await("the upgrade to websocket", d -> "websocket".equals(browser.socketTransport()));
        assertNull(browser.script("return localStorage.getItem(arguments[0]);", memory), "what the page remembers");

        browser.openConnected("");
        assertEquals(List.of("websocket:open"), Landing.of(browser).outcomes(), "the walk of the next load");
    }

    /**
     * A connection asks for {@value #PUSHED} events before it is even open (the request waits in its
     * queue), and sends {@value #SENT} acknowledged events as soon as it connects: both streams cross
     * the upgrade, which happens right after the connect, and each must arrive complete and in order.
     */
    @ParameterizedTest(name = "from {0}")
    @ValueSource(strings = {"polling", "xhr-streaming", "eventsource", "htmlfile"})
    @SuppressWarnings("unchecked")
    void nothingIsLostRepeatedOrReorderedAcrossTheUpgrade(String fallback) {
        browser.openConnected("");

        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser.driver())
                .executeAsyncScript(
                        "var done = arguments[arguments.length - 1], fallback = arguments[0];"
                                + "var pushed = arguments[1], sent = arguments[2];"
                                + "var s = comet.connect({forceNew: true, transports: [fallback, 'websocket']});"
                                + "var got = [], acks = [], counted = null;"
                                + "function check() {"
                                + "  if (counted !== null && acks.length === sent && s.transport === 'websocket') {"
                                + "    var walk = s.io.engine.attempts, opened = walk[walk.length - 1].transport;"
                                + "    done({opened: opened, got: got, acks: acks, counted: counted,"
                                + "          upgrade: JSON.parse(JSON.stringify(comet.lastUpgrade))});"
                                + "    s.disconnect();"
                                + "  }"
                                + "}"
                                + "s.on('count', function (i) { got.push(i); });"
                                + "s.emit('count', pushed, function (n) { counted = n; check(); });"
                                + "s.on('connect', function () {"
                                + "  for (var i = 0; i < sent; i++) {"
                                + "    s.emit('echo', i, function (v) { acks.push(v); check(); });"
                                + "  }"
                                + "});"
                                + "s.on('upgrade', check);",
                        fallback, PUSHED, SENT);

        System.out.println("across the upgrade from " + fallback + ": " + result.get("upgrade"));
        assertEquals(fallback, result.get("opened"), "the transport the connection opened on");
        assertEquals("upgraded", ((Map<String, Object>) result.get("upgrade")).get("outcome"));
        assertEquals((long) PUSHED, result.get("counted"));
        assertEquals(LongStream.range(0, PUSHED).boxed().toList(), result.get("got"), "the pushed events, as received");
        assertEquals(LongStream.range(0, SENT).boxed().toList(), result.get("acks"), "the acks of the sent events, as received");
    }
}
