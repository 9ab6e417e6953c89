package io.comet.demo.cluster;

import io.comet.demo.ChatApp;
import io.comet.redis.RedisCluster;

/**
 * A demo node in a cluster of the given key, as a process of its own ({@code CometNodeProcess}) that a
 * test kills. Prints {@code listening <url>} once it serves and is in the cluster.
 */
public final class DemoNode {
    private DemoNode() {
    }

    public static void main(String[] args) {
        RedisCluster membership = RedisCluster.builder("redis://127.0.0.1:6379").key(args[0]).build();
        ChatApp app = new ChatApp("127.0.0.1", 0, b -> b.adapter(membership)).start();
        membership.subscribed().join();
        System.out.println("listening http://127.0.0.1:" + app.port());
    }
}
