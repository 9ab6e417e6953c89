package io.comet.socketio;

import io.comet.BroadcastMessage;
import io.comet.routing.Envelope;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A broadcast on its way through the adapter, with its {@link Envelope}: the packets every local
 * recipient gets, encoded once when the message was made. One that asks for acknowledgements carries
 * its ack id (namespace-wide, so the same packets serve every recipient), else {@code -1}.
 */
record OutgoingEvent(String event, List<Object> args, Set<String> rooms, Set<String> except, boolean remote,
                     Envelope envelope, long ackId, String cause) implements BroadcastMessage {
    OutgoingEvent(String event, List<Object> args, Set<String> rooms, Set<String> except, boolean remote, Envelope envelope) {
        this(event, args, rooms, except, remote, envelope, -1, null);
    }

    OutgoingEvent(String event, List<Object> args, Set<String> rooms, Set<String> except, boolean remote, Envelope envelope, long ackId) {
        this(event, args, rooms, except, remote, envelope, ackId, null);
    }

    /** A broadcast made here, by the handler of the client emit that is running on this thread, if any. */
    static OutgoingEvent emitted(String event, Object[] args, Set<String> rooms, Set<String> except, Envelope envelope) {
        return new OutgoingEvent(event, argsOf(args), rooms, except, false, envelope, -1, EmitCause.current());
    }

    /** The arguments of an emit as a message carries them: a copy, unmodifiable, {@code null}s allowed. */
    static List<Object> argsOf(Object[] args) {
        return Collections.unmodifiableList(Arrays.asList(args.clone()));
    }

    boolean asksForAck() {
        return ackId >= 0;
    }
}
