package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A stock socket.io-client in a Node process ({@code src/test/node/recovering-client.js}) that counts
 * the {@code tick} events of the room {@code ticks} and, when its connection goes, reconnects to a
 * second URL and recovers. {@link #connected()} completes on its first connect, {@link #result()} with
 * its report once the last tick came.
 */
final class RecoveringClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String transports;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();

    private RecoveringClient(Process process, String transports) {
        this.process = process;
        this.transports = transports;
    }

    static RecoveringClient start(String url, String fallback, String transports, int lastTick) {
        Process p = ServerProcess.launch(new ProcessBuilder("node", "recovering-client.js", url, fallback, transports,
                Integer.toString(lastTick)).directory(new java.io.File("src/test/node")));
        RecoveringClient client = new RecoveringClient(p, transports);
        ServerProcess.follow(p, "recovering client", client::onLine, client::ended);
        return client;
    }

    private void onLine(String line) {
        output.add(line);
        if (line.equals("connected")) {
            connected.complete(null);
        } else if (line.startsWith("{")) {
            try {
                result.complete(JSON.readTree(line));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private void ended() {
        IllegalStateException ended = new IllegalStateException("the client (" + transports + ") ended: " + output);
        connected.completeExceptionally(ended);
        result.completeExceptionally(ended);
    }

    String transports() {
        return transports;
    }

    CompletableFuture<Void> connected() {
        return connected;
    }

    CompletableFuture<JsonNode> result() {
        return result;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
