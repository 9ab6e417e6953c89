package io.comet.routing;

import io.comet.Adapter;
import io.comet.AdapterContext;
import io.comet.BroadcastMessage;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter of a single node, and the local part of a cluster adapter (which wraps it): two
 * concurrent indexes, room to sockets and socket to rooms. No global lock; an empty room is removed
 * atomically with its last member.
 */
public final class InMemoryAdapter implements Adapter {
    private final AdapterContext local;
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> roomsOf = new ConcurrentHashMap<>();

    public InMemoryAdapter(AdapterContext local) {
        this.local = local;
    }

    @Override
    public void join(String socketId, String room) {
        members.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socketId);
        roomsOf.computeIfAbsent(socketId, s -> ConcurrentHashMap.newKeySet()).add(room);
    }

    @Override
    public void leave(String socketId, String room) {
        members.computeIfPresent(room, (r, ids) -> ids.remove(socketId) && ids.isEmpty() ? null : ids);
        roomsOf.computeIfPresent(socketId, (s, rooms) -> rooms.remove(room) && rooms.isEmpty() ? null : rooms);
    }

    @Override
    public void leaveAll(String socketId) {
        Set<String> rooms = roomsOf.remove(socketId);
        if (rooms != null) {
            for (String room : rooms) {
                members.computeIfPresent(room, (r, ids) -> ids.remove(socketId) && ids.isEmpty() ? null : ids);
            }
        }
    }

    @Override
    public Set<String> rooms(String socketId) {
        Set<String> rooms = roomsOf.get(socketId);
        return rooms == null ? Set.of() : Collections.unmodifiableSet(rooms);
    }

    /** Every room that has a member on this node, the sockets' own rooms included. */
    public Set<String> allRooms() {
        return Set.copyOf(members.keySet());
    }

    @Override
    public AdapterContext context() {
        return local;
    }

    @Override
    public Set<String> sockets(Set<String> rooms, Set<String> except) {
        Set<String> selected = new HashSet<>();
        if (rooms.isEmpty()) {
            selected.addAll(local.socketIds());
        } else {
            for (String room : rooms) {
                Set<String> ids = members.get(room);
                if (ids != null) {
                    selected.addAll(ids);
                }
            }
        }
        for (String room : except) {
            Set<String> ids = members.get(room);
            if (ids != null) {
                selected.removeAll(ids);
            }
        }
        return selected;
    }

    /** Delivers to this node's selected sockets. */
    @Override
    public void broadcast(BroadcastMessage message) {
        for (String id : sockets(message.rooms(), message.except())) {
            local.deliver(id, message);
        }
    }
}
