package io.comet.demo;

import io.comet.demo.ChatBrowser.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chat between three real browsers (Alice, Bob, Carol), reused across the tests: each test loads
 * fresh pages under nicknames of its own, and leaves them at the end.
 */
class ChatBetweenBrowsersTest {
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

    @Test
    void aPublicMessageReachesBothBrowsersAndEachSeesTheOtherOnline() {
        publicChatBetweenTwoBrowsers(null);
    }

    @Test
    void aPrivateMessageReachesItsRecipientOnlyAndTheSenderHearsItWasDelivered() {
        privateMessageAmongThreeBrowsers(null);
        bob.saveScreenshot(Path.of("target", "screenshots", "bob-after-private-message.png"), 1024, 700);
        alice.saveScreenshot(Path.of("target", "screenshots", "alice-after-private-message-narrow.png"), 400, 760);
    }

    @Test
    void aPrivateMessageToAnUnknownNickIsAcknowledgedFalse() {
        String a = unique("Alice");
        alice.openConnected(query("nick", a)).awaitUsers(a);

        assertEquals(List.of(false), alice.emitWithAck("private message", unique("Nobody"), Map.of("some", "message")));
    }

    @Test
    void publicAndPrivateMessagesWorkOverPollingOnly() {
        publicChatBetweenTwoBrowsers("polling");
        for (ChatBrowser browser : new ChatBrowser[] {alice, bob, carol}) {
            browser.leave();
        }
        privateMessageAmongThreeBrowsers("polling");
    }

    @Test
    void afterItsConnectionDropsThePageRecoversItsSocketAndNickname() {
        // Keeps every WebSocket the page opens, so that the test can drop one like a network failure would.
        String tracker = alice.addInitScript("(function () {"
                + "  var Native = window.WebSocket, opened = window.openedWebSockets = [];"
                + "  function Tracked(url, protocols) {"
                + "    var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);"
                + "    opened.push(ws);"
                + "    return ws;"
                + "  }"
                + "  Tracked.prototype = Native.prototype;"
                + "  Tracked.CONNECTING = 0; Tracked.OPEN = 1; Tracked.CLOSING = 2; Tracked.CLOSED = 3;"
                + "  window.WebSocket = Tracked;"
                + "})();");
        try {
            String a = unique("Alice");
            String b = unique("Bob");
            alice.openConnected(query("nick", a)).awaitUsers(a);
            bob.openConnected(query("nick", b)).awaitUsers(a, b);
            String firstId = alice.socketId();
            Object firstSession = alice.script("return window.socket.io.engine.id;");
            assertEquals("websocket", alice.socketTransport());

            alice.script("var all = window.openedWebSockets; all[all.length - 1].close();");

            // A closed WebSocket ends the session; the page opens a new one and recovers its socket.
            alice.await("the socket to recover on a new session", d -> alice.script(
                    "var s = window.socket; return !!(s.connected && s.recovered && s.io.engine.id && s.io.engine.id !== arguments[0]);",
                    firstSession));
            bob.awaitUsers(a, b);
            alice.awaitUsers(a, b);
            assertEquals(a, alice.text("me"));
            assertEquals("connected", alice.text("status"));
            assertEquals("websocket", alice.text("transport"));
            assertEquals(firstId, alice.socketId(), "the same socket, recovered");

            assertEquals(List.of(true), bob.emitWithAck("private message", a, "welcome back"));
            alice.awaitMessage(new Message("private", b, "welcome back"));
        } finally {
            alice.removeInitScript(tracker);
        }
    }

    @Test
    void leavingThePageTakesItsUserOfflineAndGoingBackRejoins() {
        String a = unique("Alice");
        String b = unique("Bob");
        alice.openConnected(query("nick", a)).awaitUsers(a);
        bob.openConnected(query("nick", b)).awaitUsers(a, b);

        alice.leave();
        bob.await(a + " to leave the users list", d -> !bob.users().contains(a));

        alice.driver().navigate().back();
        alice.awaitConnected().awaitUsers(a, b);
        bob.awaitUsers(a, b);
        assertEquals(a, alice.text("me"));
    }

    /** Alice and Bob join; Alice's message, sent with the page's form, reaches both pages. */
    private void publicChatBetweenTwoBrowsers(String transports) {
        String a = unique("Alice");
        String b = unique("Bob");
        alice.openConnected(pageQuery(a, transports));
        bob.openConnected(pageQuery(b, transports));
        assertTransport(transports, alice, bob);

        alice.awaitUsers(a, b);
        bob.awaitUsers(a, b);

        String text = "Hi everyone, " + a + " here";
        alice.typeAndSubmit("chat-input", text, "chat-submit");
        Message expected = new Message("public", a, text);
        bob.awaitMessage(expected);
        alice.awaitMessage(expected);
    }

    /**
     * Alice whispers to Bob twice (through window.socket, then through the page's form) with Carol online.
     * Carol's page then gets a public message Alice sends after the private ones (the server handles one
     * connection's events in order): by then a private message that reached her would be in her page too.
     */
    private void privateMessageAmongThreeBrowsers(String transports) {
        String a = unique("Alice");
        String b = unique("Bob");
        String c = unique("Carol");
        alice.openConnected(pageQuery(a, transports));
        bob.openConnected(pageQuery(b, transports));
        carol.openConnected(pageQuery(c, transports));
        assertTransport(transports, alice, bob, carol);
        for (ChatBrowser browser : new ChatBrowser[] {alice, bob, carol}) {
            browser.awaitUsers(a, b, c);
        }

        assertEquals(List.of(true), alice.emitWithAck("private message", b, Map.of("some", "message")));
        bob.awaitMessage(new Message("private", a, "{\"some\":\"message\"}"));
        assertEquals("private", bob.script(
                "return document.querySelector('#messages li.msg-private .msg-tag').textContent;"),
                "a private message is visibly marked");

        // The page's own private form: pick Bob, type, send; Alice's page shows it as sent once acknowledged.
        new Select(alice.driver().findElement(By.id("private-to"))).selectByValue(b);
        alice.typeAndSubmit("private-input", "psst, only for you", "private-submit");
        bob.awaitMessage(new Message("private", a, "psst, only for you"));
        alice.awaitMessage(new Message("private-sent", "to " + b, "psst, only for you"));

        String control = "public, after the private messages, from " + a;
        alice.emit("chat", control);
        carol.awaitMessage(new Message("public", a, control));
        bob.awaitMessage(new Message("public", a, control));

        assertEquals(List.of(), carol.messages("private"), "Carol received a private message meant for Bob");
        assertEquals(List.of(), alice.messages("private"), "the sender received her own private message");
        assertEquals(2, bob.messages("private").size(), "Bob's private messages: " + bob.messages("private"));
    }

    private static String pageQuery(String nick, String transports) {
        return transports == null ? query("nick", nick) : query("nick", nick, "transports", transports);
    }

    private static void assertTransport(String transports, ChatBrowser... browsers) {
        String expected = transports == null ? "websocket" : transports;
        for (ChatBrowser browser : browsers) {
            assertEquals(expected, browser.socketTransport(), browser.name() + ": window.socket.transport");
            assertEquals(expected, browser.text("transport"), browser.name() + ": the transport shown");
        }
    }
}
