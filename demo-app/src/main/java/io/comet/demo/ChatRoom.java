package io.comet.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.comet.CometServer;
import io.comet.RemoteSocket;
import io.comet.Socket;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The chat's server side: nicknames, public messages, private messages between users (on any node of a
 * cluster: nicknames and presence come from {@code fetchSockets}, private messages go to a user's room), and the echo,
 * broadcast and count events the tests use ({@code count} (n) pushes n numbered {@code count} events to the
 * sender, at most {@value #MAX_COUNT}, then acknowledges with the number pushed; {@code broadcast} relays its
 * arguments to everyone when their JSON is at most {@value #MAX_BROADCAST_BYTES} bytes, and acknowledges,
 * when asked, whether it did). A user's sockets share the room {@code user:<nick>}, so a private
 * message reaches every tab of that user and nobody else.
 */
public final class ChatRoom {
    private static final int MAX_NICK_LENGTH = 32;
    private static final int MAX_TEXT_LENGTH = 2000;
    /** The most events one {@code count} request pushes: one small request must not become unbounded work. */
    static final int MAX_COUNT = 1_000;
    /** The largest {@code broadcast} payload relayed, in bytes of JSON: it goes to every socket. */
    static final int MAX_BROADCAST_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CometServer server;

    public ChatRoom(CometServer server) {
        this.server = server;
        server.sockets().onConnection(this::onConnection);
    }

    private void onConnection(Socket socket) {
        socket.data().put("nick", "guest-" + socket.id().substring(0, 5));
        socket.on("nick", (args, ack) -> claimNick(socket, args.isEmpty() ? null : args.get(0)).thenAccept(ack::send));
        socket.on("chat", (args, ack) -> {
            if (!args.isEmpty() && args.get(0) instanceof String text && text.length() <= MAX_TEXT_LENGTH) {
                server.emit("chat", Map.of("from", nick(socket), "text", text));
            }
        });
        socket.on("private message", (args, ack) -> {
            if (args.size() < 2 || !(args.get(0) instanceof String to)) {
                ack.send(false);
                return;
            }
            Object text = args.get(1);
            // The recipient may be on any node: its user room tells, cluster-wide.
            server.to(userRoom(to)).fetchSockets().thenAccept(found -> {
                boolean online = !found.value().isEmpty();
                if (online) {
                    server.to(userRoom(to)).emit("private message", nick(socket), text);
                }
                ack.send(online);
            });
        });
        socket.on("echo", (args, ack) -> ack.send(args.toArray()));
        socket.on("broadcast", (args, ack) -> {
            boolean relayed = jsonSize(args) <= MAX_BROADCAST_BYTES;
            if (relayed) {
                server.emit("broadcast", args.toArray());
            }
            ack.send(relayed);
        });
        socket.on("count", (args, ack) -> {
            int n = args.isEmpty() || !(args.get(0) instanceof Number count) ? 0 : Math.min(count.intValue(), MAX_COUNT);
            for (int i = 0; i < n; i++) {
                socket.emit("count", i);
            }
            ack.send(n);
        });
        socket.onDisconnect(reason -> publishUsers());
        publishUsers();
    }

    /**
     * Gives the socket this nickname if no other user holds it, on any node. A page that reconnects
     * presents the same {@code auth.clientId}, so it gets its name back even while its old connection is
     * still timing out. (Two pages claiming one free name at the same moment on two nodes may both get
     * it: the demo checks, it does not lock.)
     */
    private CompletableFuture<Boolean> claimNick(Socket socket, Object requested) {
        if (!(requested instanceof String nick) || nick.isBlank() || nick.length() > MAX_NICK_LENGTH) {
            return CompletableFuture.completedFuture(false);
        }
        Object clientId = socket.handshake().auth().get("clientId");
        return server.sockets().fetchSockets().thenApply(everyone -> {
            boolean taken = everyone.value().stream().anyMatch(other -> !other.id().equals(socket.id())
                    && nick.equals(other.data().get("nick"))
                    && (clientId == null || !Objects.equals(clientId, other.handshake().auth().get("clientId"))));
            if (taken) {
                return false;
            }
            synchronized (this) {
                socket.leave(userRoom(nick(socket)));
                socket.data().put("nick", nick);
                socket.join(userRoom(nick));
            }
            publishUsers();
            return true;
        });
    }

    /** Sends everyone the nicknames of every node's users. */
    private void publishUsers() {
        server.sockets().fetchSockets().thenAccept(everyone -> {
            TreeSet<String> nicks = new TreeSet<>();
            for (RemoteSocket s : everyone.value()) {
                nicks.add(String.valueOf(s.data().get("nick")));
            }
            server.emit("users", List.copyOf(nicks));
        });
    }

    private static long jsonSize(List<Object> args) {
        try {
            return JSON.writeValueAsBytes(args).length;
        } catch (JsonProcessingException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String nick(Socket socket) {
        return String.valueOf(socket.data().get("nick"));
    }

    private static String userRoom(String nick) {
        return "user:" + nick;
    }
}
