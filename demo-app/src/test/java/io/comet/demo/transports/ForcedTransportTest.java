package io.comet.demo.transports;

import io.comet.demo.ChatInBrowsers;
import io.comet.demo.ChatBrowser;
import io.comet.demo.ChatBrowser.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each transport of comet.js forced alone ({@code ?transports=NAME} on the chat page), in real browsers
 * against the demo server: it connects, carries the chat (public and private), acks, a thousand events
 * pushed at once, and text that would be markup or a line break in the wrong place, as exactly that text.
 * Three browsers (Alice, Bob, Carol) are reused across the tests; each test loads fresh pages.
 */
class ForcedTransportTest {
    /** Every transport, in the order in which comet.js falls back through them. */
    static Stream<String> transports() {
        return Stream.of("websocket", "xhr-streaming", "eventsource", "htmlfile", "polling", "jsonp-polling");
    }

    /**
     * Markup that would run if any part of the way (the htmlfile frame's script literals, the JSONP
     * script, the page) treated the text as HTML or code: a script end and start, an image whose error
     * handler runs, a comment start (which, followed by {@code <script>}, changes where an HTML parser ends a
     * script), quotes, a backslash, and U+2028/U+2029, which end a JavaScript string literal before ES2019.
     */
    private static final String HOSTILE = "</script><script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=2\"> "
            + "<!-- <script> --> ' \\ \" line\u2028separator paragraph\u2029separator";

    /**
     * Run in every frame before its own scripts: an assignment to {@code window.__pwned} in any frame
     * (the page, the htmlfile stream's frame, a JSONP post's frame) is recorded in the page's
     * {@code __pwnedIn}, so injected code is seen wherever it runs; the page's own {@code __pwned} keeps
     * its value as usual.
     */
    private static final String INJECTION_TRAP = "(function () {"
            + "  var value;"
            + "  Object.defineProperty(window, '__pwned', {configurable: true,"
            + "    get: function () { return value; },"
            + "    set: function (v) {"
            + "      value = v;"
            + "      try { var top = window.top; (top.__pwnedIn = top.__pwnedIn || []).push(v + ' in ' + location.href); }"
            + "      catch (e) { /* another origin's frame */ }"
            + "    }});"
            + "})();";

    @RegisterExtension
    static final ChatInBrowsers chat = new ChatInBrowsers("Alice's browser", "Bob's browser", "Carol's browser");
    private static ChatBrowser alice;
    private static ChatBrowser bob;
    private static ChatBrowser carol;

    @BeforeAll
    static void nameTheBrowsers() {
        alice = chat.browser(0);
        bob = chat.browser(1);
        carol = chat.browser(2);
    }

    @ParameterizedTest(name = "{0} alone")
    @MethodSource("transports")
    void aPublicMessageReachesEveryoneAndAPrivateOneOnlyItsRecipient(String transport) {
        String a = unique("Alice");
        String b = unique("Bob");
        String c = unique("Carol");
        alice.openConnected(query("nick", a, "transports", transport));
        bob.openConnected(query("nick", b, "transports", transport));
        carol.openConnected(query("nick", c, "transports", transport));
        assertLandedOn(transport, alice, bob, carol);
        Landing.of(alice).print(transport + " alone (chat)");
        alice.awaitJoined(a).awaitUsers(a, b, c);
        bob.awaitJoined(b).awaitUsers(a, b, c);
        carol.awaitJoined(c).awaitUsers(a, b, c);

        String hello = "hello from " + a + " over " + transport;
        alice.typeAndSubmit("chat-input", hello, "chat-submit");
        bob.awaitMessage(new Message("public", a, hello));
        alice.awaitMessage(new Message("public", a, hello));

        assertEquals(List.of(true), alice.emitWithAck("private message", b, "only for " + b));
        bob.awaitMessage(new Message("private", a, "only for " + b));
        // The server handles one connection's events in order and each page receives in order: once Carol
        // has the public message Alice sent after the private one, a private one that reached her would be there.
        String control = "public, after the private message, from " + a;
        alice.emit("chat", control);
        carol.awaitMessage(new Message("public", a, control));
        bob.awaitMessage(new Message("public", a, control));

        assertEquals(List.of(), carol.messages("private"), "Carol received a private message meant for Bob");
        assertEquals(List.of(), alice.messages("private"), "the sender received her own private message");
        assertEquals(List.of(new Message("private", a, "only for " + b)), bob.messages("private"));
    }

    @ParameterizedTest(name = "{0} alone")
    @MethodSource("transports")
    void anAckComesBackAndAThousandPushedEventsArriveCompleteAndInOrder(String transport) {
        alice.openConnected(query("transports", transport));
        assertLandedOn(transport, alice);
        Landing.of(alice).print(transport + " alone (ack, 1000 events)");

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", Arrays.asList(true, null, "x"));
        nested.put("n", -3.25);
        List<Object> args = Arrays.asList("text \u00fcnic\u00f6de \u2713 \"quoted\" \\", 42L, nested, null);
        assertEquals(args, alice.emitWithAck("echo", args.toArray()));

        alice.script("var got = window.counted = [];"
                + "window.socket.on('count', function (i) { got.push(i); });");
        // The server queues the 1000 events before its ack, and a connection delivers in order: all are in
        // by the time the ack is.
        assertEquals(List.of(1000L), alice.emitWithAck("count", 1000));
        List<Long> expected = LongStream.range(0, 1000).boxed().toList();
        assertEquals(expected, alice.script("return window.counted;"), "the count events, in the order received");
    }

    @ParameterizedTest(name = "{0} alone")
    @MethodSource("transports")
    void markupAndLineSeparatorsInAMessageArriveAsExactlyThatTextAndNeverRun(String transport) {
        String trap = alice.addInitScript(INJECTION_TRAP);
        try {
            String nick = unique("Mallory");
            alice.openConnected(query("nick", nick, "transports", transport)).awaitJoined(nick);
            assertLandedOn(transport, alice);
            alice.script("var got = window.chatPayloads = [];"
                    + "window.socket.on('chat', function (message) { got.push(message); });");

            alice.emit("chat", HOSTILE);
            String after = "after the hostile message, over " + transport;
            alice.emit("chat", after);
            alice.awaitMessage(new Message("public", nick, after));

            assertEquals(List.of(Map.of("from", nick, "text", HOSTILE), Map.of("from", nick, "text", after)),
                    alice.script("return window.chatPayloads;"), "the chat events' payloads");
            assertEquals(List.of(new Message("public", nick, HOSTILE), new Message("public", nick, after)),
                    alice.messages("public"), "the messages shown");
            assertEquals(0L, alice.script("return document.querySelectorAll('#messages img, #messages script').length;"),
                    "elements made of the message");
            assertEquals(true, alice.script("return window.__pwned === undefined;"), "window.__pwned in the page");
            assertEquals(null, alice.script("return window.__pwnedIn || null;"), "window.__pwned set in some frame");
        } finally {
            alice.removeInitScript(trap);
        }
    }

    /** The check above can fail: the same markup, made into HTML, is seen running in the page and in a frame. */
    @Test
    void theInjectionCheckSeesTheHostileMarkupRunInThePageAndInAFrame() {
        String trap = alice.addInitScript(INJECTION_TRAP);
        try {
            // A document of the chat's origin without the chat page's Content-Security-Policy, which would
            // block the markup before the trap could see it run.
            alice.openUrl(chat.origin() + "/socket.io/comet.js");
            alice.script("var div = document.createElement('div'); div.innerHTML = arguments[0];"
                    + "document.body.appendChild(div);", HOSTILE);
            alice.await("the image's error handler to run in the page", d -> alice.script("return window.__pwned === 2;"));

            alice.script("var frame = document.createElement('iframe'); frame.srcdoc = arguments[0];"
                    + "document.body.appendChild(frame);", HOSTILE);
            alice.await("the frame's script to run", d -> alice.script(
                    "return (window.__pwnedIn || []).some(function (r) { return r === '1 in about:srcdoc'; });"));
        } finally {
            alice.removeInitScript(trap);
        }
    }

    private static void assertLandedOn(String transport, ChatBrowser... browsers) {
        List<String> landed = new ArrayList<>();
        for (ChatBrowser browser : browsers) {
            landed.add(browser.socketTransport());
        }
        assertEquals(Collections.nCopies(browsers.length, transport), landed, "window.socket.transport");
        assertEquals(transport, browsers[0].text("transport"), browsers[0].name() + ": the transport the page shows");
    }
}
