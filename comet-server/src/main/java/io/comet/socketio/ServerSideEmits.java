package io.comet.socketio;

import io.comet.Ack;
import io.comet.ServerSideListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A namespace's listeners of server-side emits from the other nodes, and their dispatch: on the worker
 * pool, one emit at a time in arrival order, as a connection's events are. Server-side emits come from
 * Redis, which cannot be asked to slow down: a backlog that grows past its bound is logged, not refused.
 */
final class ServerSideEmits {
    private static final Logger log = LoggerFactory.getLogger(ServerSideEmits.class);
    private static final int BACKLOG_WARNING = 10_000;

    private final String namespace;
    private final Map<String, List<ServerSideListener>> listeners = new ConcurrentHashMap<>();
    private final SerialExecutor dispatch;

    ServerSideEmits(String namespace, Executor pool) {
        this.namespace = namespace;
        this.dispatch = new SerialExecutor(pool, BACKLOG_WARNING, new SerialExecutor.Backlog() {
            @Override
            public void full() {
                log.warn("{} server-side emits of {} wait for their listeners", BACKLOG_WARNING, namespace);
            }

            @Override
            public void drained() {
            }
        });
    }

    void on(String event, ServerSideListener listener) {
        listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void receive(String event, List<Object> args, Ack ack) {
        dispatch.execute(() -> {
            for (ServerSideListener l : listeners.getOrDefault(event, List.of())) {
                try {
                    l.onServerSideEmit(args, ack);
                } catch (Throwable e) {
                    log.error("server-side listener of {} on {} failed", LogText.of(event), namespace, e);
                }
            }
        });
    }
}
