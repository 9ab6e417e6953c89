package io.comet.socketio;

import io.comet.BroadcastMessage;
import io.comet.routing.Envelope;

import java.util.List;
import java.util.Set;

/**
 * A broadcast on its way through the adapter, with its {@link Envelope}: the packets every local
 * recipient gets, encoded once when the message was made.
 */
record OutgoingEvent(String event, List<Object> args, Set<String> rooms, Set<String> except, boolean remote,
                     Envelope envelope) implements BroadcastMessage {
}
