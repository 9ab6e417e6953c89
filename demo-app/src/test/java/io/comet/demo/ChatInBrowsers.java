package io.comet.demo;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A test fixture: the demo chat server on a free loopback port and a few real browsers pointed at it,
 * shared by the tests of one class. Each test loads fresh pages; after each test every browser leaves
 * its page (which closes its connection), after the class the browsers close and the server stops.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class ChatInBrowsers implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final String[] names;
    private final List<ChatBrowser> browsers = new ArrayList<>();
    private ChatApp app;

    /** One browser per name, launched in this order; names only label failures and logs. */
    public ChatInBrowsers(String... names) {
        this.names = names.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        app = new ChatApp("127.0.0.1", 0).start();
        for (String name : names) {
            browsers.add(ChatBrowser.launch(name, origin() + "/"));
        }
    }

    /** The chat server's origin, e.g. {@code http://127.0.0.1:41234}. */
    public String origin() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The browser launched {@code index}-th (from 0). */
    public ChatBrowser browser(int index) {
        return browsers.get(index);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (ChatBrowser browser : browsers) {
            browser.leave();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (ChatBrowser browser : browsers) {
            browser.close();
        }
        browsers.clear();
        if (app != null) {
            app.stop();
        }
    }
}
