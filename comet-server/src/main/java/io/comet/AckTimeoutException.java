package io.comet;

/** An acknowledgement did not arrive within its timeout, or its socket disconnected first. */
public final class AckTimeoutException extends RuntimeException {
    public AckTimeoutException(String message) {
        super(message, null, false, false);
    }
}
