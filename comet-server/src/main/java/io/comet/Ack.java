package io.comet;

/**
 * The acknowledgement a client asked for with an event. Calling {@link #send} answers it once; further
 * calls are ignored. When the client asked for none, {@link #requested()} is false and {@code send} does
 * nothing.
 */
public interface Ack {
    /** An acknowledgement that was not requested. */
    Ack NONE = new Ack() {
        @Override
        public void send(Object... args) {
        }

        @Override
        public boolean requested() {
            return false;
        }
    };

    /** Answers the client's acknowledgement callback with these arguments. */
    void send(Object... args);

    /** Whether the client is waiting for an answer. */
    boolean requested();
}
