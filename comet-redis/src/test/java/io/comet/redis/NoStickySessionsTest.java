package io.comet.redis;

import io.comet.test.Await;
import com.fasterxml.jackson.databind.JsonNode;
import io.comet.test.JavaClient;
import io.comet.test.NodeClients;
import io.comet.test.JavaClient.Transports;
import io.comet.test.PollingSession;
import io.comet.test.TestServer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Comet nodes behind a load balancer that sends every HTTP request to the next node in turn (no
 * sticky sessions): a node that gets a request for another node's session forwards it there, so polling
 * and the upgrade to WebSocket work as on one server, in order, nothing lost.
 */
@DisplayName("No sticky sessions")
class NoStickySessionsTest {
    private static Cluster cluster;
    private static TestServer[] nodes;
    private static RoundRobinProxy balancer;

    @BeforeAll
    static void start() {
        cluster = new Cluster();
        nodes = new TestServer[] {cluster.node(), cluster.node(), cluster.node()};
        cluster.awaitNodesKnown();
        balancer = RoundRobinProxy.over(List.of(nodes[0].port(), nodes[1].port(), nodes[2].port()));
    }

    @AfterAll
    static void stop() {
        if (balancer != null) {
            balancer.close();
        }
        cluster.close();
    }

    @Test
    @DisplayName("a polling client whose requests go round robin over three nodes: 50 acks and 200 pushed events, in order")
    void pollingRoundRobin() throws InterruptedException {
        int before = balancer.requestsTo(0) + balancer.requestsTo(1) + balancer.requestsTo(2);
        try (JavaClient client = JavaClient.toUrl(balancer.url()).transports(Transports.POLLING).connect()) {
            for (int i = 0; i < 50; i++) {
                assertEquals(List.of(i), client.ask("echo-ack", i));
            }
            assertEquals(List.of(200), client.ask("count", 200));
            List<Object> pushed = client.events().first(200, "n", Await.TIMEOUT).stream().map(e -> e.arg(0)).toList();
            assertEquals(IntStream.range(0, 200).boxed().toList(), pushed, "every pushed event once, in order");
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(balancer.requestsTo(i) > 0, "node " + i + " took requests");
        }
        assertTrue(balancer.requestsTo(0) + balancer.requestsTo(1) + balancer.requestsTo(2) - before > 100);
    }

    @Test
    @DisplayName("the upgrade from polling to WebSocket works whichever node each request lands on")
    void upgradeRoundRobin() {
        try (JavaClient client = JavaClient.toUrl(balancer.url()).transports(Transports.POLLING_THEN_WEBSOCKET).connect()) {
            client.awaitUpgrade();
            assertEquals(List.of("websocket"), client.ask("transport"));
            assertEquals(List.of("still in order"), client.ask("echo-ack", "still in order"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polling", "polling,websocket"})
    @DisplayName("the stock npm socket.io-client through the round-robin balancer: 20 acks and 100 pushed events, in order")
    void npmClientRoundRobin(String transports) throws Exception {
        JsonNode result = NodeClients.run(60, "round-robin-client.js", balancer.url(), transports);

        assertTrue(result.path("error").isNull(), result.toString());
        assertEquals(IntStream.range(0, 20).boxed().toList(), numbers(result.path("acks")));
        assertEquals(IntStream.range(0, 100).boxed().toList(), numbers(result.path("pushed")));
        assertEquals(transports.endsWith("websocket") ? "websocket" : "polling", result.path("transport").asText());
    }

    private static List<Integer> numbers(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    @DisplayName("a request for a session whose node is gone is answered as an unknown session")
    void sessionOfAGoneNode() {
        TestServer doomed = cluster.node();
        cluster.awaitNodesKnown();
        String sid = PollingSession.open(doomed).sid();
        assertTrue(sid.startsWith(cluster.uid(doomed)), "the sid names its node: " + sid);
        cluster.stop(doomed);

        RestAssured.given().baseUri(nodes[0].url()).basePath(nodes[0].path())
                .queryParam("EIO", 4).queryParam("transport", "polling").queryParam("sid", sid)
                .get().then().statusCode(400).body("code", equalTo(1)).body("message", equalTo("Session ID unknown"));
    }

    @Test
    @DisplayName("another node forwards a poll of a live session to its node")
    void forwardedPoll() {
        PollingSession session = PollingSession.open(nodes[1]);
        session.connect();
        String answer = RestAssured.given().baseUri(nodes[2].url()).basePath(nodes[2].path())
                .queryParam("EIO", 4).queryParam("transport", "polling").queryParam("sid", session.sid())
                .contentType("text/plain; charset=UTF-8").body("421[\"echo-ack\",\"via node 2\"]").post().asString();
        assertEquals("ok", answer);
        assertEquals("431[\"via node 2\"]", session.receive());
        JsonPath open = session.handshake();
        assertTrue(open.getString("sid").length() > 20);
    }
}
