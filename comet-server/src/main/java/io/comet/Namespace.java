package io.comet;

import java.util.Collection;
import java.util.Optional;

/**
 * A communication channel that clients join by name ({@code "/"} or one the application registers);
 * a client asking for an unregistered one gets a CONNECT_ERROR "Invalid namespace".
 */
public interface Namespace {
    String name();

    /** Registers a handler for each socket that connects. */
    Namespace onConnection(ConnectionListener listener);

    /** Adds a middleware that runs before each connection is accepted. */
    Namespace use(Middleware middleware);

    /** Selects the sockets in these rooms. */
    BroadcastOperator to(String... rooms);

    /** Selects every socket except those in these rooms. */
    BroadcastOperator except(String... rooms);

    /** Sends an event to every socket of the namespace. */
    void emit(String event, Object... args);

    /** The sockets connected to this namespace on this server. */
    Collection<Socket> sockets();

    /** The connected socket with this id on this server. */
    Optional<Socket> socket(String id);
}
