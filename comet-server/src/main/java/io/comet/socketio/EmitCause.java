package io.comet.socketio;

/**
 * The numbered client emit whose handlers are running on this thread, if any: the broadcasts they make
 * carry it ({@link io.comet.BroadcastMessage#cause()}), so that a cluster can tell, after the node died,
 * that the emit ran. Handlers run on the connection's dispatch thread, one emit at a time; what a handler
 * emits later, from another thread, carries no cause.
 */
final class EmitCause {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private EmitCause() {
    }

    /** Runs {@code handlers} as the emit numbered {@code seq} of the socket with this pid (none without a pid). */
    static void during(String pid, long seq, Runnable handlers) {
        if (pid == null) {
            handlers.run();
            return;
        }
        String outer = CURRENT.get();
        CURRENT.set(pid + " " + seq);
        try {
            handlers.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The running emit, {@code "<pid> <seq>"}, or {@code null}. */
    static String current() {
        return CURRENT.get();
    }
}
