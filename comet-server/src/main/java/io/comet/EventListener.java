package io.comet;

import java.util.List;

/**
 * Handles one event from a client. Runs on a worker thread, never on an IO thread, and the events of
 * one connection are handled one at a time, in the order they arrived.
 */
@FunctionalInterface
public interface EventListener {
    /**
     * @param args the event's arguments as plain Java values: {@code String}, {@code Number},
     *             {@code Boolean}, {@code null}, {@code Map<String, Object>}, {@code List<Object>}, and
     *             {@code byte[]} for binary data
     * @param ack  the acknowledgement to answer; {@link Ack#NONE} when the client asked for none
     */
    void onEvent(List<Object> args, Ack ack);
}
