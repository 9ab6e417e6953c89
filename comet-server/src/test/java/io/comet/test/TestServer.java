package io.comet.test;

import io.comet.CometServer;
import io.comet.Namespace;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A standalone {@link CometServer} on a free loopback port, for tests.
 *
 * <p>As a JUnit 5 extension on a static field it starts before the class's first test and stops after
 * its last:
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.with(b -> b.pingInterval(200).pingTimeout(200))
 *         .serving(InteropApp::install);
 * }</pre>
 * Without the extension, {@link #start()} it and close it with try-with-resources.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private final UnaryOperator<CometServer.Builder> settings;
    private Consumer<CometServer> app = server -> { };
    private CometServer server;

    private TestServer(UnaryOperator<CometServer.Builder> settings) {
        this.settings = settings;
    }

    /** A server with the production defaults. */
    public static TestServer withDefaults() {
        return new TestServer(UnaryOperator.identity());
    }

    /** A server with these settings applied to the builder; host and port are always loopback and free. */
    public static TestServer with(UnaryOperator<CometServer.Builder> settings) {
        return new TestServer(settings);
    }

    /**
     * Turns connection state recovery off, for tests of the transports' framing that compare packets
     * as text: with it on, every event carries its offset as its last argument.
     */
    public static CometServer.Builder withoutRecovery(CometServer.Builder builder) {
        return builder.connectionStateRecovery(Duration.ZERO);
    }

    /** Installs the application (handlers, namespaces, middlewares) right after the server starts. */
    public TestServer serving(Consumer<CometServer> app) {
        this.app = app;
        return this;
    }

    public synchronized TestServer start() {
        if (server == null) {
            server = settings.apply(CometServer.builder()).host("127.0.0.1").port(0).build().start();
            app.accept(server);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            // Short: a test's raw polling session that stopped polling would hold a longer grace to its end.
            server.stop(Duration.ofMillis(300));
            server = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public synchronized CometServer server() {
        if (server == null) {
            throw new IllegalStateException("the test server is not started");
        }
        return server;
    }

    /** The main namespace, {@code "/"}. */
    public Namespace sockets() {
        return server().sockets();
    }

    public int port() {
        return server().port();
    }

    /** The server's origin, e.g. {@code http://127.0.0.1:41234}: what a Socket.IO client connects to. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The Engine.IO endpoint path, e.g. {@code /socket.io/}. */
    public String path() {
        return server().options().path();
    }
}
