package io.comet.socketio;

import io.comet.Socket;

/** Test access to what the public API does not show: how many packets a connection's handlers had waiting. */
public final class Backlogs {
    private Backlogs() {
    }

    /** The most packets that were ever waiting at once for the handlers of {@code socket}'s connection. */
    public static int mostWaiting(Socket socket) {
        return ((SocketImpl) socket).client().dispatch().mostWaiting();
    }
}
