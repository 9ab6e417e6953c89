package io.comet.test;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A raw Engine.IO v4 long-polling client made of REST Assured requests, to talk to a server packet by
 * packet. Packets are their wire text, e.g. {@code "40"} or {@code "42[\"chat\",\"hi\"]"}.
 *
 * <p>Not thread-safe: one test thread drives a session; {@link #get()} may be called from another
 * thread to hold a poll while the test does something else.
 */
public final class PollingSession {
    /** The record separator that joins the packets of one HTTP payload. */
    public static final String SEPARATOR = "\u001e";

    /** Requests give up after this long, so a poll the server never answers fails the test instead of hanging it. */
    private static final int TIMEOUT_MS = 10_000;
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", TIMEOUT_MS)
            .setParam("http.socket.timeout", TIMEOUT_MS));

    private final TestServer server;
    private final String sid;
    private final JsonPath handshake;
    private final Deque<String> received = new ArrayDeque<>();

    private PollingSession(TestServer server, String sid, JsonPath handshake) {
        this.server = server;
        this.sid = sid;
        this.handshake = handshake;
    }

    /** A request to the server's Engine.IO endpoint, with no query parameter yet. */
    public static RequestSpecification endpoint(TestServer server) {
        return RestAssured.given().config(CONFIG).baseUri(server.url()).basePath(server.path());
    }

    /** A request to the endpoint with {@code EIO=4&transport=<transport>}. */
    public static RequestSpecification endpoint(TestServer server, String transport) {
        return endpoint(server).queryParam("EIO", 4).queryParam("transport", transport);
    }

    /** Performs the polling handshake and reads the open packet. */
    public static PollingSession open(TestServer server) {
        Response response = endpoint(server, "polling").get();
        String body = response.asString();
        if (response.statusCode() != 200 || !body.startsWith("0")) {
            throw new AssertionError("handshake failed: " + response.statusCode() + " " + body);
        }
        JsonPath open = new JsonPath(body.substring(1));
        return new PollingSession(server, open.getString("sid"), open);
    }

    public String sid() {
        return sid;
    }

    /** The JSON of the open packet. */
    public JsonPath handshake() {
        return handshake;
    }

    /** A request on this session: the endpoint with {@code EIO}, {@code transport=polling} and {@code sid}. */
    public RequestSpecification request() {
        return endpoint(server, "polling").queryParam("sid", sid);
    }

    /** One poll, as the server answered it. */
    public Response get() {
        return request().get();
    }

    /** POSTs a payload as it is and returns the answer. */
    public Response post(String payload) {
        return request().contentType("text/plain; charset=UTF-8").body(payload).post();
    }

    /** POSTs these packets in one payload and checks the server took them. */
    public void send(String... packets) {
        Response response = post(String.join(SEPARATOR, packets));
        if (response.statusCode() != 200 || !"ok".equals(response.asString())) {
            throw new AssertionError("POST refused: " + response.statusCode() + " " + response.asString());
        }
    }

    /** Polls until {@code count} packets have arrived and returns them, oldest first; later ones are kept for the next call. */
    public List<String> receive(int count) {
        while (received.size() < count) {
            received.addAll(packets(poll()));
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(received.pollFirst());
        }
        return out;
    }

    /** The next packet. */
    public String receive() {
        return receive(1).get(0);
    }

    /** One poll that must succeed; its body. */
    public String poll() {
        Response response = get();
        if (response.statusCode() != 200) {
            throw new AssertionError("poll refused: " + response.statusCode() + " " + response.asString());
        }
        return response.asString();
    }

    /** Joins the main namespace ({@code "40"}) and returns the socket id of the CONNECT reply. */
    public String connect() {
        return connect("/");
    }

    /** Joins a namespace and returns the socket id of the CONNECT reply. */
    public String connect(String namespace) {
        return new JsonPath(connectReply(namespace)).getString("sid");
    }

    /** Joins the main namespace and returns the JSON of the CONNECT reply (sid and, with recovery, pid). */
    public String connectReply() {
        return connectReply("/");
    }

    private String connectReply(String namespace) {
        String prefix = "/".equals(namespace) ? "40" : "40" + namespace + ",";
        send(prefix);
        String reply = receive();
        if (!reply.startsWith(prefix + "{")) {
            throw new AssertionError("expected a CONNECT reply of " + namespace + ", got " + reply);
        }
        return reply.substring(prefix.length());
    }

    /** The packets of one payload. */
    public static List<String> packets(String payload) {
        return Arrays.asList(payload.split(SEPARATOR, -1));
    }
}
