package io.comet.redis;

import io.comet.test.Await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

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
        ServerProcess server = new ServerProcess(launch(command));
        follow(server.process, what, line -> {
            server.output.add(line);
            if (line.equals("listening") || line.startsWith("listening ")) {
                server.listening.complete(line.substring("listening".length()).trim());
            }
        }, () -> server.listening.completeExceptionally(new IllegalStateException("the process ended: " + server.output)));
        Await.await(server.listening, what + " to listen");
        return server;
    }

    /** Starts a command, its errors merged into its output. */
    static Process launch(ProcessBuilder command) {
        try {
            return command.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands each line the process prints to {@code onLine}, on a daemon thread, then runs {@code onEnd}. */
    static void follow(Process process, String what, Consumer<String> onLine, Runnable onEnd) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the process went; onEnd tells
            }
            onEnd.run();
        }, what + " output");
        reader.setDaemon(true);
        reader.start();
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
