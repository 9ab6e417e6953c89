package io.comet.demo;

import io.comet.CometServer;
import io.comet.redis.RedisCluster;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * The demo: the chat page and its Comet server on one Undertow listener. Run it with
 * {@code java -jar comet-demo.jar [--port N] [--allowed-origins a,b] [--max-sessions-per-address N] [--redis URI]}
 * (or the variables of {@link DemoSettings}); default port 8080. The pages are sent with a
 * Content-Security-Policy and the headers that keep them out of frames and content sniffing.
 */
public final class ChatApp {
    private static final Logger log = LoggerFactory.getLogger(ChatApp.class);

    private final CometServer comet;
    private final Undertow undertow;

    /** Builds the chat on {@code port} (0 picks a free one); call {@link #start()} to listen. */
    public ChatApp(String host, int port) {
        this(host, port, UnaryOperator.identity());
    }

    /**
     * Builds the chat with the Comet server's settings changed by {@code configure}, e.g.
     * {@code b -> b.transports("polling")}; its listener settings are the chat's own.
     */
    public ChatApp(String host, int port, UnaryOperator<CometServer.Builder> configure) {
        this.comet = configure.apply(CometServer.builder()).build();
        new ChatRoom(comet);
        HttpHandler pages = new ResourceHandler(new ClassPathResourceManager(ChatApp.class.getClassLoader(), "public"))
                .setWelcomeFiles("index.html")
                .setCachable(exchange -> false);
        this.undertow = Undertow.builder()
                .addHttpListener(port, host)
                .setHandler(comet.handler(new PageHeaders(pages)))
                .build();
    }

    public ChatApp start() {
        undertow.start();
        // In a cluster, the other nodes forward this node's sessions' requests here (no sticky sessions).
        if (comet.options().sessionRouting() != null) {
            comet.options().sessionRouting().advertise(URI.create(comet.options().advertisedUrl() != null
                    ? comet.options().advertisedUrl() : "http://127.0.0.1:" + port()));
        }
        log.info("Chat running at http://localhost:{}/", port());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public CometServer comet() {
        return comet;
    }

    public void stop() {
        comet.stop();
        undertow.stop();
    }

    public static void main(String[] args) {
        DemoSettings settings;
        try {
            settings = DemoSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        RedisCluster cluster = settings.redis() == null ? null : RedisCluster.connect(settings.redis());
        UnaryOperator<CometServer.Builder> comet = cluster == null ? settings.comet() : b -> settings.comet().apply(b).adapter(cluster);
        ChatApp app = new ChatApp("0.0.0.0", settings.port(), comet).start();
        if (cluster != null) {
            log.info("Joined the cluster at {} as node {}", settings.redis(), cluster.uid());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            if (cluster != null) {
                cluster.close();
            }
        }));
    }
}
