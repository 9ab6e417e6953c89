package io.comet.demo.transports;

import io.comet.demo.ChatApp;
import io.comet.demo.ChatBrowser;
import io.comet.demo.ChatBrowser.Message;
import io.comet.demo.transports.RefusingProxy.Bodies;
import io.comet.demo.transports.RefusingProxy.Upgrades;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default transport chain of comet.js, walked by a real browser that lacks something or sits behind
 * something: where it lands, why (each transport's outcome in {@code comet.lastChain}), and that the chat
 * then works. Each scenario loads its page {@value #RUNS} times, the transport memory of comet.js
 * (localStorage) emptied before each load, and prints each load's time from page load to connect; one
 * more checks that memory: the next load behind the same proxy goes straight to what got through.
 */
class DowngradeChainTest {
    private static final int RUNS = 3;
    private static final long XHR_STREAMING_BEHIND_REFUSING_PROXY_MS = 3000;
    private static final String NO_WEBSOCKET_EVENTSOURCE_XHR = "delete window.WebSocket; window.WebSocket = undefined;"
            + "delete window.EventSource; window.EventSource = undefined;"
            + "delete window.XMLHttpRequest; window.XMLHttpRequest = undefined;";

    private static ChatApp app;
    private static ChatApp appWithoutStreams;
    private static String chatOrigin;
    private static RefusingProxy forbidding;
    private static RefusingProxy closing;
    private static RefusingProxy buffering;
    private static CrossOriginPage crossOriginPage;
    private static ChatBrowser browser;

    @BeforeAll
    static void start() {
        // The page on another origin first: the chat server allows its origin, as an application
        // serving pages from elsewhere would.
        crossOriginPage = CrossOriginPage.start(() -> chatOrigin);
        app = new ChatApp("127.0.0.1", 0, b -> b.allowedOrigins(crossOriginPage.origin())).start();
        chatOrigin = "http://127.0.0.1:" + app.port();
        forbidding = RefusingProxy.start(app.port(), Upgrades.FORBIDDEN, Bodies.STREAMED);
        closing = RefusingProxy.start(app.port(), Upgrades.CLOSE, Bodies.STREAMED);
        buffering = RefusingProxy.start(app.port(), Upgrades.FORBIDDEN, Bodies.BUFFERED);
        appWithoutStreams = new ChatApp("127.0.0.1", 0,
                b -> b.transports("eventsource", "polling", "jsonp-polling")).start();
        browser = ChatBrowser.launch("browser", chatOrigin + "/");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable started : new AutoCloseable[] {browser, crossOriginPage, buffering, closing, forbidding}) {
            if (started != null) {
                try {
                    started.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not stop " + started, e);
                }
            }
        }
        for (ChatApp started : new ChatApp[] {app, appWithoutStreams}) {
            if (started != null) {
                started.stop();
            }
        }
    }

    @AfterEach
    void leavePage() {
        browser.leave();
    }

    @Test
    void withNothingInTheWayTheChainLandsOnWebSocket() {
        landEachRun("0. nothing in the way", chatOrigin, "websocket", List.of("websocket:open"),
                (landing, nick) -> chatOnThePage(nick, chatOrigin));
    }

    @Test
    void withoutWebSocketInTheBrowserTheChainLandsOnXhrStreaming() {
        withInitScript("delete window.WebSocket; window.WebSocket = undefined;", () ->
                landEachRun("1. no window.WebSocket", chatOrigin, "xhr-streaming",
                        List.of("websocket:unsupported", "xhr-streaming:open"),
                        (landing, nick) -> chatOnThePage(nick, chatOrigin)));
    }

    @ParameterizedTest(name = "the proxy {0} upgrades")
    @EnumSource(Upgrades.class)
    void behindAProxyThatRefusesWebSocketUpgradesTheChainLandsOnXhrStreamingWithinThreeSeconds(Upgrades refusal) {
        RefusingProxy proxy = refusal == Upgrades.FORBIDDEN ? forbidding : closing;
        int refusedBefore = proxy.refusedUpgrades();

        landEachRun("2. proxy refusing WebSocket upgrades (" + refusal + ")", proxy.origin(), "xhr-streaming",
                List.of("websocket:error", "xhr-streaming:open"),
                (landing, nick) -> {
                    // From the start of the navigation, the stricter of the two: it includes loading the page.
                    assertTrue(landing.sinceNavigationStart() <= XHR_STREAMING_BEHIND_REFUSING_PROXY_MS,
                            "connected over xhr-streaming " + landing.sinceNavigationStart() + " ms after the navigation"
                                    + " started, over " + XHR_STREAMING_BEHIND_REFUSING_PROXY_MS + " ms; chain: " + landing.chain());
                    chatOnThePage(nick, proxy.origin());
                });

        assertTrue(proxy.refusedUpgrades() - refusedBefore >= RUNS,
                proxy + " refused " + (proxy.refusedUpgrades() - refusedBefore) + " WebSocket upgrades in " + RUNS + " page loads");
    }

    @Test
    void behindAProxyThatRefusesWebSocketUpgradesTheNextPageLoadStartsWithXhrStreaming() {
        landEachRun("2. proxy refusing WebSocket upgrades (first load)", forbidding.origin(), "xhr-streaming",
                List.of("websocket:error", "xhr-streaming:open"), (landing, nick) -> awaitFailedProbe(), 1);
        int refusedBefore = forbidding.refusedUpgrades();

        String nick = unique("Dan");
        browser.openUrl(forbidding.origin() + "/?" + query("nick", nick)).awaitConnected();
        Landing landing = Landing.of(browser).print("2. proxy refusing WebSocket upgrades (next load, remembered)");
        assertEquals("xhr-streaming", landing.transport(), "window.socket.transport; chain: " + landing.chain());
        assertEquals(List.of("xhr-streaming:open"), landing.outcomes(), "the walk of the chain: " + landing.chain());
        // Only once connected, in the background, does the page probe WebSocket again (it may work here
        // again); the proxy refuses it and the page stays where it is.
        awaitFailedProbe();
        assertEquals(refusedBefore + 1, forbidding.refusedUpgrades(), "WebSocket upgrades refused by the proxy on the next load");
        assertEquals("xhr-streaming", browser.socketTransport());
        chatOnThePage(nick, forbidding.origin());
    }

    @Test
    void behindAProxyThatRefusesUpgradesAndBuffersResponsesTheChainLandsOnPolling() {
        landEachRun("3. proxy refusing WebSocket upgrades and buffering responses", buffering.origin(), "polling",
                List.of("websocket:error", "xhr-streaming:timeout", "eventsource:timeout", "htmlfile:timeout", "polling:open"),
                (landing, nick) -> chatOnThePage(nick, buffering.origin()));
    }

    @Test
    void withoutWebSocketEventSourceAndXmlHttpRequestTheChainLandsOnJsonpPolling() {
        withInitScript(NO_WEBSOCKET_EVENTSOURCE_XHR, () ->
                landEachRun("4. no WebSocket, EventSource or XMLHttpRequest", chatOrigin, "jsonp-polling",
                        List.of("websocket:unsupported", "xhr-streaming:unsupported", "eventsource:unsupported",
                                "htmlfile:unsupported", "polling:unsupported", "jsonp-polling:open"),
                        (landing, nick) -> {
                            assertEquals("undefined", browser.script("return typeof window.XMLHttpRequest;"));
                            chatOnThePage(nick, chatOrigin);
                        }));
    }

    /**
     * jsonp-polling across origins, as old browsers use it: the page's script GETs carry its Referer,
     * its form POSTs its Origin, and the server allows that origin (docs/security.md). A page on an
     * origin the server does not allow is refused on every transport, jsonp-polling included
     * (comet-server's io.comet.hostile.CrossSiteLegacyTransportsTest).
     */
    @Test
    void aPageOnAnAllowedOtherOriginWithoutWebSocketEventSourceAndXmlHttpRequestLandsOnJsonpPollingAndChats() {
        withInitScript(NO_WEBSOCKET_EVENTSOURCE_XHR, () ->
                landEachRun("5. page on an allowed other origin, without WebSocket, EventSource or XMLHttpRequest",
                        crossOriginPage.origin(), "jsonp-polling",
                        List.of("websocket:unsupported", "xhr-streaming:unsupported", "eventsource:unsupported",
                                "htmlfile:unsupported", "polling:unsupported", "jsonp-polling:open"),
                        (landing, nick) -> {
                            assertEquals(List.of(true), browser.emitWithAck("nick", nick));
                            String text = "from " + crossOriginPage.origin() + " to " + chatOrigin;
                            browser.emit("chat", text);
                            browser.awaitMessage(new Message("public", nick, text));
                        }));
    }

    @Test
    void transportsTheServerDisablesAreRefusedAndTheChainMovesOn() {
        String origin = "http://127.0.0.1:" + appWithoutStreams.port();

        landEachRun("6. server allowing only eventsource, polling, jsonp-polling", origin, "eventsource",
                List.of("websocket:error", "xhr-streaming:error", "eventsource:open"),
                (landing, nick) -> chatOnThePage(nick, origin), 1);
    }

    private static void landEachRun(String scenario, String pageOrigin, String expected, List<String> outcomes,
                                    BiConsumer<Landing, String> then) {
        landEachRun(scenario, pageOrigin, expected, outcomes, then, RUNS);
    }

    /**
     * Loads the page at {@code pageOrigin}/ {@code runs} times with nothing remembered, asserts each time
     * where the chain landed and how each transport fared, prints the time from page load to connect, and
     * runs {@code then} on the connected page with a nickname of its own (which the chat page claims,
     * given as {@code ?nick=}; the cross-origin page claims nothing by itself). The last page stays open.
     */
    private static void landEachRun(String scenario, String pageOrigin, String expected, List<String> outcomes,
                                    BiConsumer<Landing, String> then, int runs) {
        List<Long> times = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            browser.clearLocalStorage(pageOrigin);
            String nick = unique("Dan");
            String url = pageOrigin.equals(crossOriginPage.origin()) ? crossOriginPage.url()
                    : pageOrigin + "/?" + query("nick", nick);
            browser.openUrl(url).awaitConnected();
            Landing landing = Landing.of(browser).print(scenario + ", run " + run);
            assertEquals(expected, landing.transport(), "window.socket.transport; chain: " + landing.chain());
            assertEquals(outcomes, landing.outcomes(), "the walk of the chain: " + landing.chain());
            then.accept(landing, nick);
            times.add(landing.millis());
            if (run < runs) {
                browser.leave();
            }
        }
        if (runs > 1) {
            System.out.println(scenario + ": landed on " + expected + " in " + times + " ms (page load to connect, " + runs + " runs)");
        }
    }

    /** Sends a message with the chat page's form and sees it come back. */
    private static void chatOnThePage(String nick, String origin) {
        browser.awaitJoined(nick);
        String text = "chatting through " + origin + " over " + browser.socketTransport();
        browser.typeAndSubmit("chat-input", text, "chat-submit");
        browser.awaitMessage(new Message("public", nick, text));
    }

    private static void awaitFailedProbe() {
        browser.await("the background probe of WebSocket to fail",
                d -> "failed".equals(browser.script("return comet.lastUpgrade && comet.lastUpgrade.outcome;")));
    }

    private static void withInitScript(String source, Runnable body) {
        String id = browser.addInitScript(source);
        try {
            body.run();
        } finally {
            browser.removeInitScript(id);
        }
    }
}
