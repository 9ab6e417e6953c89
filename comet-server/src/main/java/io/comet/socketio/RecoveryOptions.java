package io.comet.socketio;

/**
 * How long, and how much, a socket's missed events are kept for connection state recovery.
 *
 * @param windowMillis how long a disconnected socket's state is kept, and how old a kept event may be;
 *                     0 turns recovery off
 * @param maxEvents    the most events one socket's history keeps
 * @param maxBytes     the most bytes of events one socket's history keeps
 */
public record RecoveryOptions(long windowMillis, int maxEvents, long maxBytes) {
    /** Recovery off: no offsets on events, no {@code pid}, nothing kept. */
    public static final RecoveryOptions OFF = new RecoveryOptions(0, 0, 0);

    public boolean enabled() {
        return windowMillis > 0;
    }
}
