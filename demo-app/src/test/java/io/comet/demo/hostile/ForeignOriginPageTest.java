package io.comet.demo.hostile;

import io.comet.demo.ChatApp;
import io.comet.demo.ChatBrowser;
import io.comet.demo.transports.CrossOriginPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 2 of the hostile-input review, with a browser as the attacker: a page on a foreign origin loads
 * comet.js from the chat server and tries each transport alone. Before the fix, jsonp-polling (on by
 * default) gave it a full two-way session carrying the victim's cookies. Now every transport is refused
 * and no socket opens on the server; the same page on an origin the server lists connects on every one,
 * which shows the page would have connected had the server let it.
 */
@DisplayName("Hostile input: a page on a foreign origin")
class ForeignOriginPageTest {
    private static CrossOriginPage foreignPage;
    private static CrossOriginPage allowedPage;
    private static ChatApp refusing;
    private static ChatApp allowing;
    private static ChatBrowser browser;

    @BeforeAll
    static void start() {
        foreignPage = CrossOriginPage.serving("foreign-origin-page.html", () -> origin(refusing));
        allowedPage = CrossOriginPage.serving("foreign-origin-page.html", () -> origin(allowing));
        refusing = new ChatApp("127.0.0.1", 0).start();
        allowing = new ChatApp("127.0.0.1", 0, b -> b.allowedOrigins(allowedPage.origin())).start();
        browser = ChatBrowser.launch("attacker's page", foreignPage.url());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable started : new AutoCloseable[] {browser, foreignPage, allowedPage}) {
            try {
                if (started != null) {
                    started.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        for (ChatApp app : new ChatApp[] {refusing, allowing}) {
            if (app != null) {
                app.stop();
            }
        }
    }

    @AfterEach
    void leavePage() {
        browser.leave();
    }

    static Stream<String> transports() {
        return Stream.of("websocket", "xhr-streaming", "eventsource", "htmlfile", "polling", "jsonp-polling");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    @DisplayName("case 2: a page on a foreign origin is refused on every transport, and no socket opens")
    void refusedOnEveryTransport(String transport) {
        browser.openUrl(foreignPage.url() + "?transport=" + transport);

        assertEquals("connect_error", outcome(), transport + " from " + foreignPage.origin());
        assertEquals(List.of(), browser.script("return window.__events;"), "nothing reached the page");
        assertTrue(refusing.comet().sockets().sockets().isEmpty(), "no socket opened for the foreign page");
    }

    /** Every transport but htmlfile, whose frame must be on the page's own origin for comet.js to read it. */
    static Stream<String> crossOriginTransports() {
        return transports().filter(t -> !t.equals("htmlfile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossOriginTransports")
    @DisplayName("case 2: the same page on an allowed origin connects on every transport that works across origins")
    void allowedOriginConnects(String transport) {
        browser.openUrl(allowedPage.url() + "?transport=" + transport);

        assertEquals("connect", outcome(), transport + " from " + allowedPage.origin());
    }

    private static String outcome() {
        return browser.await("the page to connect or give up", d -> (String) browser.script("return window.__outcome;"));
    }

    private static String origin(ChatApp app) {
        return "http://127.0.0.1:" + app.port();
    }
}
