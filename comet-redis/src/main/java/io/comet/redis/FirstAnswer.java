package io.comet.redis;

import io.comet.Ack;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The answer a server-side listener gives the node that asked: its first argument (or {@code null}), once. */
final class FirstAnswer implements Ack {
    private final Consumer<Object> send;
    private final AtomicBoolean sent = new AtomicBoolean();

    FirstAnswer(Consumer<Object> send) {
        this.send = send;
    }

    @Override
    public void send(Object... args) {
        if (sent.compareAndSet(false, true)) {
            send.accept(args.length == 0 ? null : args[0]);
        }
    }

    @Override
    public boolean requested() {
        return true;
    }
}
