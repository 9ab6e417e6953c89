package io.comet.socketio;

/**
 * What one connection, and one socket, may make the Socket.IO layer hold.
 *
 * @param maxPayload                 the most bytes of one packet with its binary attachments
 * @param maxDispatchBacklog         the most packets waiting for the connection's handlers before its reads pause
 * @param maxNamespacesPerConnection the most namespaces one connection may join
 * @param maxRoomsPerSocket          the most rooms one socket may be in, its own room included
 */
public record ConnectionLimits(int maxPayload, int maxDispatchBacklog, int maxNamespacesPerConnection,
                               int maxRoomsPerSocket) {
}
