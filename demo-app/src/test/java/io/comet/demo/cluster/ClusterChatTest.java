package io.comet.demo.cluster;

import io.comet.demo.ChatApp;
import io.comet.demo.ChatBrowser;
import io.comet.demo.ChatBrowser.Message;
import io.comet.redis.RedisCluster;
import io.comet.redis.RoundRobinProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.comet.demo.ChatBrowser.query;
import static io.comet.demo.ChatBrowser.unique;
import static io.comet.test.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo as a cluster of three nodes over the real Redis, behind a load balancer that sends every
 * HTTP request to the next node in turn (no sticky sessions). In a real browser, each transport forced
 * alone connects through the balancer, chats with a page served by one node directly, and gets 200
 * pushed events once each, in order.
 */
@DisplayName("The demo as a cluster, without sticky sessions")
class ClusterChatTest {
    private static final List<RedisCluster> memberships = new ArrayList<>();
    private static final List<ChatApp> nodes = new ArrayList<>();
    private static RoundRobinProxy balancer;
    private static ChatBrowser throughBalancer;
    private static ChatBrowser onNodeTwo;
    private static ChatBrowser onNodeOne;
    private static ChatBrowser onNodeThree;

    @BeforeAll
    static void start() {
        String key = "comet-demo-test-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            RedisCluster membership = RedisCluster.builder("redis://127.0.0.1:6379").key(key).build();
            memberships.add(membership);
            nodes.add(new ChatApp("127.0.0.1", 0, b -> b.adapter(membership)).start());
            membership.subscribed().join();
        }
        until(() -> memberships.stream().allMatch(m -> memberships.stream().allMatch(o -> m.knows(o.uid()))),
                "every node to know every other's address");
        balancer = RoundRobinProxy.over(nodes.stream().map(ChatApp::port).toList());
        throughBalancer = ChatBrowser.launch("browser behind the balancer", balancer.url() + "/");
        onNodeTwo = ChatBrowser.launch("browser on node 2", "http://127.0.0.1:" + nodes.get(1).port() + "/");
        onNodeOne = ChatBrowser.launch("browser on node 1", "http://127.0.0.1:" + nodes.get(0).port() + "/");
        onNodeThree = ChatBrowser.launch("browser on node 3", "http://127.0.0.1:" + nodes.get(2).port() + "/");
    }

    @AfterAll
    static void stop() {
        for (ChatBrowser browser : new ChatBrowser[] {throughBalancer, onNodeTwo, onNodeOne, onNodeThree}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (balancer != null) {
            balancer.close();
        }
        nodes.forEach(ChatApp::stop);
        memberships.forEach(RedisCluster::close);
    }

    @AfterEach
    void leave() {
        throughBalancer.leave();
        onNodeTwo.leave();
        onNodeOne.leave();
        onNodeThree.leave();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"websocket", "xhr-streaming", "eventsource", "htmlfile", "polling", "jsonp-polling"})
    @DisplayName("each transport alone, through the balancer: chat across nodes and 200 pushed events in order")
    void transportThroughTheBalancer(String transport) {
        String a = unique("Ann");
        String b = unique("Ben");
        throughBalancer.openConnected(query("transports", transport, "nick", a)).awaitJoined(a);
        onNodeTwo.openConnected(query("nick", b)).awaitJoined(b);
        assertEquals(transport, throughBalancer.socketTransport());

        String text = "over " + transport + " through three nodes";
        throughBalancer.typeAndSubmit("chat-input", text, "chat-submit");
        onNodeTwo.awaitMessage(new Message("public", a, text));
        onNodeTwo.typeAndSubmit("chat-input", "and back", "chat-submit");
        throughBalancer.awaitMessage(new Message("public", b, "and back"));

        throughBalancer.script("window.__count = []; window.socket.on('count', function (n) { window.__count.push(n); });");
        assertEquals(List.of(200L), throughBalancer.emitWithAck("count", 200).stream().map(n -> ((Number) n).longValue()).toList());
        throughBalancer.await("200 pushed events", d -> ((Number) throughBalancer.script("return window.__count.length;")).intValue() >= 200);
        List<Long> pushed = ((List<?>) throughBalancer.script("return window.__count;")).stream()
                .map(n -> ((Number) n).longValue()).toList();
        assertEquals(IntStream.range(0, 200).mapToObj(i -> (long) i).toList(), pushed, "once each, in order");
    }

    @Test
    @DisplayName("three browsers on three nodes: everyone sees everyone, and a private message by nickname reaches only its recipient")
    void presenceAndPrivateMessagesAcrossNodes() {
        String alice = unique("Alice");
        String james = unique("James");
        String carol = unique("Carol");
        onNodeOne.openConnected(query("nick", alice)).awaitJoined(alice);
        onNodeTwo.openConnected(query("nick", james)).awaitJoined(james);
        onNodeThree.openConnected(query("nick", carol)).awaitJoined(carol);
        for (ChatBrowser browser : new ChatBrowser[] {onNodeOne, onNodeTwo, onNodeThree}) {
            browser.awaitUsers(alice, james, carol);
        }
        assertEquals(List.of(false), onNodeThree.emitWithAck("nick", alice), "a nickname taken on another node is refused");

        assertEquals(List.of(true), onNodeOne.emitWithAck("private message", james, "from node 1 to node 2"));
        onNodeTwo.awaitMessage(new Message("private", alice, "from node 1 to node 2"));

        String control = "public, after the private one, from " + alice;
        onNodeOne.emit("chat", control);
        onNodeThree.awaitMessage(new Message("public", alice, control));
        onNodeTwo.awaitMessage(new Message("public", alice, control));
        assertEquals(List.of(), onNodeThree.messages("private"), "Carol received a private message meant for James");
        assertEquals(1, onNodeTwo.messages("private").size());
    }
}
