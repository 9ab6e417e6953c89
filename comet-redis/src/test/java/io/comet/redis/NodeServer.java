package io.comet.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.comet.test.Await.await;

/**
 * A stock Node.js socket.io server with socket.io's Redis adapter ({@code src/test/node/socketio-node.js})
 * as a test fixture: started on a free port in the cluster of {@code key}, stopped on close.
 */
final class NodeServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();

    private NodeServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static NodeServer start(String key) {
        int port = freePort();
        try {
            Process node = new ProcessBuilder("node", "socketio-node.js", Integer.toString(port), key)
                    .directory(new java.io.File("src/test/node"))
                    .redirectErrorStream(true)
                    .start();
            NodeServer server = new NodeServer(node, port);
            CompletableFuture<Void> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> server.read(listening), "node-socketio-output");
            reader.setDaemon(true);
            reader.start();
            await(listening, "the Node.js socket.io server to listen");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(CompletableFuture<Void> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.equals("listening")) {
                    listening.complete(null);
                }
            }
            listening.completeExceptionally(new IllegalStateException("the Node.js server ended: " + output));
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
