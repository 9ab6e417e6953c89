package io.comet.demo.delivery;

import io.comet.demo.ChatApp;
import io.comet.demo.ChatBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * comet.js against a Comet server with connection state recovery off: events carry no offset, so the
 * page gets every argument as sent, its last string argument included, and emits still run once.
 */
@DisplayName("comet.js with recovery off")
class RecoveryOffTest {
    private static ChatApp app;
    private static ChatBrowser browser;

    @BeforeAll
    static void start() {
        app = new ChatApp("127.0.0.1", 0, b -> b.connectionStateRecovery(Duration.ZERO)).start();
        browser = ChatBrowser.launch("Plain", "http://127.0.0.1:" + app.port() + "/");
    }

    @AfterAll
    static void stop() {
        browser.close();
        app.stop();
    }

    @Test
    @DisplayName("a broadcast's last string argument and an ack's answer arrive whole")
    void argumentsArriveWhole() {
        browser.openConnected(ChatBrowser.query("nick", ChatBrowser.unique("Plain")));
        assertEquals(false, browser.script("return window.socket.recovered;"));
        browser.script("window.__got = null; window.socket.on('broadcast', function () {"
                + " window.__got = Array.prototype.slice.call(arguments); });");
        browser.emit("broadcast", "first", "last");
        browser.await("the broadcast", d -> browser.script("return window.__got;"));
        assertEquals(List.of("first", "last"), browser.script("return window.__got;"));
        assertEquals(List.of("a", "b"), browser.emitWithAck("echo", "a", "b"));
    }
}
