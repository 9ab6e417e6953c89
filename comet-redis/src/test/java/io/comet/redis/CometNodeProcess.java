package io.comet.redis;

import io.comet.test.TestServer;

import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A Comet node in a process of its own, so that a test can kill it ({@code kill -9}) as a machine dies.
 * {@link #start(Class, String...)} runs any main class of the test's class path that prints
 * {@code listening <url>} once it serves; this class's own {@link #main} is a node of a {@link Cluster}'s
 * key serving what the cluster's in-JVM nodes serve.
 */
public final class CometNodeProcess implements AutoCloseable {
    private final ServerProcess process;

    private CometNodeProcess(ServerProcess process) {
        this.process = process;
    }

    /** The node: {@code <key>}; prints {@code listening <url>} once it serves and is in the cluster. */
    public static void main(String[] args) {
        TestServer node = Cluster.standalone(args[0]);
        System.out.println("listening " + node.url());
    }

    static CometNodeProcess start(String key) {
        return start(CometNodeProcess.class, key);
    }

    /** Runs {@code main} with {@code args} in a JVM of its own, on this one's class path, and waits until it serves. */
    public static CometNodeProcess start(Class<?> main, String... args) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new CometNodeProcess(ServerProcess.start(new ProcessBuilder(command), "the node process " + main.getSimpleName()));
    }

    /** Where the node serves: {@code http://127.0.0.1:<port>}. */
    public String url() {
        return process.announced();
    }

    public int port() {
        return URI.create(url()).getPort();
    }

    /** Kills the process at once, as {@code kill -9} does: nothing of it says goodbye to Redis or its clients. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        kill();
    }
}
