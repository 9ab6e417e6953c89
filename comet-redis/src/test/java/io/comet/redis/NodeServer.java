package io.comet.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A stock Node.js socket.io server with socket.io's Redis adapter ({@code src/test/node/socketio-node.js})
 * as a test fixture: started on a free port in the cluster of {@code key}, with the adapter of that
 * format (the classic one, or the streams one), stopped on close.
 */
final class NodeServer implements AutoCloseable {
    private final ServerProcess process;
    private final int port;

    private NodeServer(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static NodeServer start(String key, RedisCluster.Format format) {
        int port = freePort();
        ProcessBuilder command = new ProcessBuilder("node", "socketio-node.js", Integer.toString(port), key,
                format == RedisCluster.Format.STREAMS ? "streams" : "pubsub").directory(new java.io.File("src/test/node"));
        return new NodeServer(ServerProcess.start(command, "the Node.js socket.io server"), port);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
