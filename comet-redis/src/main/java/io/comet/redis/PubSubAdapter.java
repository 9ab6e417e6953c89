package io.comet.redis;

import io.comet.Adapter;
import io.comet.AdapterContext;
import io.comet.BroadcastMessage;
import io.comet.routing.InMemoryAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * One namespace's adapter in the classic pub/sub format of socket.io's Redis adapter: its rooms are this
 * node's ({@link InMemoryAdapter}); a broadcast made here is delivered here and published on
 * {@code <key>#<nsp>#} (or {@code <key>#<nsp>#<room>#} when it names exactly one room, as socket.io
 * does); a broadcast another node published is delivered to this node's sockets it selects.
 */
final class PubSubAdapter implements Adapter {
    private static final Logger log = LoggerFactory.getLogger(PubSubAdapter.class);

    private final RedisCluster cluster;
    private final AdapterContext context;
    private final InMemoryAdapter local;
    private final String channel;
    private final String pattern;

    PubSubAdapter(RedisCluster cluster, AdapterContext context) {
        this.cluster = cluster;
        this.context = context;
        this.local = new InMemoryAdapter(context);
        this.channel = cluster.key() + "#" + context.namespace() + "#";
        this.pattern = globEscaped(channel) + "*";
        cluster.psubscribe(pattern, this::onMessage);
    }

    @Override
    public void join(String socketId, String room) {
        local.join(socketId, room);
    }

    @Override
    public void leave(String socketId, String room) {
        local.leave(socketId, room);
    }

    @Override
    public void leaveAll(String socketId) {
        local.leaveAll(socketId);
    }

    @Override
    public Set<String> rooms(String socketId) {
        return local.rooms(socketId);
    }

    @Override
    public Set<String> sockets(Set<String> rooms, Set<String> except) {
        return local.sockets(rooms, except);
    }

    @Override
    public void broadcast(BroadcastMessage message) {
        local.broadcast(message);
        if (!message.remote()) {
            String to = message.rooms().size() == 1 ? channel + message.rooms().iterator().next() + "#" : channel;
            cluster.publish(to, cluster.codec().encode(cluster.uid(), context.namespace(), message));
        }
    }

    private void onMessage(String from, byte[] bytes) {
        PacketCodec.Decoded decoded = cluster.codec().decode(bytes);
        if (decoded == null) {
            log.debug("ignoring a message on the broadcast channel that is not a broadcast");
            return;
        }
        if (decoded.uid().equals(cluster.uid()) || !decoded.namespace().equals(context.namespace())) {
            return;
        }
        local.broadcast(context.fromRemote(decoded.event(), decoded.args(), decoded.rooms(), decoded.except()));
    }

    @Override
    public void close() {
        cluster.punsubscribe(pattern);
    }

    /** The text with Redis's glob characters escaped, for a pattern that matches it literally. */
    private static String globEscaped(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
