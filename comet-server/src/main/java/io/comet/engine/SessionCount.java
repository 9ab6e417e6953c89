package io.comet.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many sessions are open, in total and per client address. Each address's count changes under that
 * address's entry only (no global lock), and an address with no session left is dropped, so the table
 * holds only addresses with open sessions.
 */
final class SessionCount {
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();

    void opened(String address) {
        total.incrementAndGet();
        byAddress.merge(address, 1, Integer::sum);
    }

    void closed(String address) {
        total.decrementAndGet();
        byAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }

    int total() {
        return total.get();
    }

    int from(String address) {
        return byAddress.getOrDefault(address, 0);
    }
}
