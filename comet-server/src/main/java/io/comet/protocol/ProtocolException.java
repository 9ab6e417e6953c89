package io.comet.protocol;

/** A packet or payload that does not follow the protocol. The message is short and safe to show to a client. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
