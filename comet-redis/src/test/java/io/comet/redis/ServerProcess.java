package io.comet.redis;

import io.comet.test.Await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A server in a process of its own, for tests: started, then waited for until it prints a line
 * {@code listening} (and perhaps its URL after a space); everything it prints is kept for the message
 * of a failure. Closing kills it.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<String> listening = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
    }

    /** Starts the command and returns once it listens; {@code what} names it in a failure. */
    static ServerProcess start(ProcessBuilder command, String what) {
        try {
            ServerProcess server = new ServerProcess(command.redirectErrorStream(true).start());
            Thread reader = new Thread(server::read, what + " output");
            reader.setDaemon(true);
            reader.start();
            Await.await(server.listening, what + " to listen");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.equals("listening") || line.startsWith("listening ")) {
                    listening.complete(line.substring("listening".length()).trim());
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IllegalStateException("the process ended: " + output));
    }

    /** What it printed after {@code listening}: its URL, or empty. */
    String announced() {
        return listening.join();
    }

    /** Kills the process at once, as {@code kill -9} does, and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the process to stop ({@code SIGTERM}). */
    void stop() {
        process.destroy();
    }

    @Override
    public void close() {
        kill();
    }
}
