package io.comet.socketio;

import io.comet.BroadcastOperator;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An immutable selection of recipients; {@link #emit} encodes once and hands the packets to the adapter. */
final class Broadcast implements BroadcastOperator {
    private final NamespaceImpl namespace;
    private final Set<String> rooms;
    private final Set<String> except;

    Broadcast(NamespaceImpl namespace, Set<String> rooms, Set<String> except) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
    }

    @Override
    public BroadcastOperator to(String... more) {
        return new Broadcast(namespace, union(rooms, more), except);
    }

    @Override
    public BroadcastOperator except(String... more) {
        return new Broadcast(namespace, rooms, union(except, more));
    }

    @Override
    public void emit(String event, Object... args) {
        namespace.adapter().broadcast(new OutgoingEvent(event, Collections.unmodifiableList(Arrays.asList(args.clone())), rooms, except, false,
                namespace.envelope(event, args, -1, true)));
    }

    private static Set<String> union(Set<String> a, String[] b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(List.of(b));
        return Set.copyOf(s);
    }
}
