package io.comet;

/**
 * Selects recipients of a broadcast: the sockets in any of the {@code to} rooms (every socket of the
 * namespace when none is named) minus those in any {@code except} room. Instances are immutable; each
 * call returns a new selection. The event is encoded once and the same bytes are queued for everyone.
 */
public interface BroadcastOperator {
    BroadcastOperator to(String... rooms);

    BroadcastOperator except(String... rooms);

    /** Sends the event to every selected socket. Safe to call from any thread; never blocks. */
    void emit(String event, Object... args);
}
