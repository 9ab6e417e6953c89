package io.comet.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.comet.AdapterContext;
import io.comet.ClusterReplies;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The requests of this node that wait for the other nodes' responses, by request id. */
final class PendingRequests {
    private final AdapterContext context;
    private final Map<String, Consumer<JsonNode>> awaited = new ConcurrentHashMap<>();

    PendingRequests(AdapterContext context) {
        this.context = context;
    }

    /** Routes the responses to this request to {@code onResponse} until the replies complete or expire. */
    void await(String requestId, ClusterReplies<?> replies, Duration timeout, Consumer<JsonNode> onResponse) {
        awaited.put(requestId, onResponse);
        replies.expireAfter(timeout, context).result().whenComplete((result, error) -> awaited.remove(requestId));
    }

    /** A response to the request with this id; ignored when nothing waits for it (any more). */
    void respond(String requestId, JsonNode response) {
        Consumer<JsonNode> onResponse = awaited.get(requestId);
        if (onResponse != null) {
            onResponse.accept(response);
        }
    }
}
