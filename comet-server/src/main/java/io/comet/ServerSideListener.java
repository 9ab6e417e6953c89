package io.comet;

import java.util.List;

/**
 * Handles one server-side emit from another node of the cluster ({@link Namespace#serverSideEmit}), a
 * Comet node or a Node.js socket.io one. Runs on a worker thread; the server-side emits of a namespace are
 * handled one at a time, in the order they arrived.
 */
@FunctionalInterface
public interface ServerSideListener {
    /**
     * @param args the arguments after the event name, as plain JSON values ({@code Map}, {@code List},
     *             {@code String}, numbers, booleans, {@code null}): server-side emits travel as JSON
     * @param ack  the answer the emitting node waits for ({@link Namespace#serverSideEmitWithAck}); only
     *             the first argument of {@link Ack#send} is carried, as in socket.io; {@link Ack#NONE}
     *             when the node asked for none
     */
    void onServerSideEmit(List<Object> args, Ack ack);
}
