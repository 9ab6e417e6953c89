package io.comet.redis;

import io.undertow.Undertow;
import io.undertow.client.UndertowClient;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A test fixture: a load balancer without sticky sessions, as an nginx {@code upstream} with plain
 * round robin is: every HTTP request (each poll, each POST, each WebSocket handshake) goes to the next
 * node in turn, whoever holds the client's session. Undertow's reverse proxy, in the test sources only.
 */
public final class RoundRobinProxy implements AutoCloseable {
    private final Undertow undertow;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray requests;
    private volatile int[] rotation;

    private RoundRobinProxy(List<Integer> nodePorts) {
        ProxyHandler[] nodes = new ProxyHandler[nodePorts.size()];
        for (int i = 0; i < nodes.length; i++) {
            LoadBalancingProxyClient node = new LoadBalancingProxyClient(UndertowClient.getInstance())
                    .setConnectionsPerThread(16)
                    .addHost(URI.create("http://127.0.0.1:" + nodePorts.get(i)));
            nodes[i] = ProxyHandler.builder().setProxyClient(node).setMaxRequestTime(-1).setRewriteHostHeader(false).build();
        }
        this.requests = new AtomicIntegerArray(nodes.length);
        this.rotation = java.util.stream.IntStream.range(0, nodes.length).toArray();
        this.undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    int[] in = rotation;
                    int i = in[Math.floorMod(next.getAndIncrement(), in.length)];
                    requests.incrementAndGet(i);
                    nodes[i].handleRequest(exchange);
                })
                .build();
        undertow.start();
    }

    /** A proxy on a free loopback port in front of the nodes on these ports. */
    public static RoundRobinProxy over(List<Integer> nodePorts) {
        return new RoundRobinProxy(nodePorts);
    }

    /**
     * Sends requests only to these nodes (by index), from now on: as a balancer whose health check has
     * taken a dead node out of its rotation.
     */
    public void rotate(int... indexes) {
        if (indexes.length == 0) {
            throw new IllegalArgumentException("a rotation of no node");
        }
        rotation = indexes.clone();
    }

    /** How many requests went to the {@code index}-th node. */
    public int requestsTo(int index) {
        return requests.get(index);
    }

    public String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
