package io.comet;

import java.util.Map;
import java.util.Set;

/**
 * A socket as {@link BroadcastOperator#fetchSockets()} finds it, on this node or on any other node of the
 * cluster (a Comet node or a Node.js socket.io one): a snapshot taken when that node answered. To act on
 * it, use its id, which is a room: {@code server.to(s.id()).emit(...)},
 * {@code server.sockets().to(s.id()).socketsJoin("room")}, {@code ...disconnectSockets(false)}.
 *
 * @param id        the socket id (20 characters on Comet and on socket.io)
 * @param handshake what its client sent when it connected; for a socket of a Node.js node, read from
 *                  socket.io's handshake object ({@code issued} gives {@code time})
 * @param rooms     the rooms it was in, its own id included
 * @param data      its {@code data()} as plain JSON values ({@code Map}, {@code List}, {@code String},
 *                  numbers, booleans, {@code null}), a copy: changing it changes nothing on the socket
 * @param local     whether the socket is on this node
 */
public record RemoteSocket(String id, Handshake handshake, Set<String> rooms, Map<String, Object> data, boolean local) {
}
