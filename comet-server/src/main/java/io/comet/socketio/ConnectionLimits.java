package io.comet.socketio;

/**
 * What one connection may make the Socket.IO layer hold.
 *
 * @param maxPayload         the most bytes of one packet with its binary attachments
 * @param maxDispatchBacklog the most packets waiting for the connection's handlers before its reads pause
 */
public record ConnectionLimits(int maxPayload, int maxDispatchBacklog) {
}
