package io.comet.test;

import io.comet.CometServer;
import io.comet.Namespace;

import java.time.Duration;

/**
 * The small application the interoperability tests talk to, so that every client, whoever wrote it,
 * meets the same server behaviour. On each connected socket:
 * <ul>
 *   <li>{@code echo}: emits {@code echo} back to the sender with the same arguments;</li>
 *   <li>{@code echo-ack}: answers the acknowledgement with the same arguments;</li>
 *   <li>{@code transport}: answers the acknowledgement with the transport serving the socket now;</li>
 *   <li>{@code ask}: asks the client {@code question} with the same arguments and an acknowledgement, then
 *       emits {@code answer} with what the client answered (or {@code "no answer"}).</li>
 * </ul>
 */
public final class InteropApp {
    /** How long the server waits for a client's answer to {@code question}. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private InteropApp() {
    }

    /** Installs the application on the main namespace. */
    public static void install(CometServer server) {
        install(server.sockets());
    }

    public static void install(Namespace namespace) {
        namespace.onConnection(socket -> {
            socket.on("echo", (args, ack) -> socket.emit("echo", args.toArray()));
            socket.on("echo-ack", (args, ack) -> ack.send(args.toArray()));
            socket.on("transport", (args, ack) -> ack.send(socket.transport()));
            socket.on("ask", (args, ack) -> socket.emitWithAck(ANSWER_TIMEOUT, "question", args.toArray())
                    .whenComplete((reply, error) ->
                            socket.emit("answer", error == null ? reply.toArray() : new Object[]{"no answer"})));
        });
    }
}
