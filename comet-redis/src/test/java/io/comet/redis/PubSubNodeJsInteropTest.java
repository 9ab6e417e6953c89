package io.comet.redis;

import io.comet.test.JavaClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NodeJsInteropTest} in the classic format: the Node.js node runs {@code @socket.io/redis-adapter} 8.3. */
@DisplayName("A Comet node beside Node.js socket.io, on the classic Redis adapter")
class PubSubNodeJsInteropTest extends NodeJsInteropTest {
    @Override
    RedisCluster.Format format() {
        return RedisCluster.Format.PUB_SUB;
    }

    @Test
    @DisplayName("the Node.js node's allRooms() includes the rooms of Comet's sockets")
    @SuppressWarnings("unchecked")
    void nodeListsCometRooms() {
        try (JavaClient here = onComet("comet-room", "ann"); JavaClient asker = onNode("askers", "bob")) {
            Set<Object> rooms = Set.copyOf((List<Object>) asker.ask("all-rooms").get(0));

            assertTrue(rooms.containsAll(Set.of("comet-room", here.id(), "askers", asker.id())), "rooms: " + rooms);
        }
    }

}
