package io.comet.hostile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fuzzers' tally: how many generated inputs each fed to the server in this run, printed at the end
 * of each fuzzer so that a run shows what it covered.
 */
final class FuzzCount {
    private static final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    private FuzzCount() {
    }

    static void add(String what, long n) {
        counts.computeIfAbsent(what, w -> new AtomicLong()).addAndGet(n);
    }

    static long of(String what) {
        AtomicLong n = counts.get(what);
        return n == null ? 0 : n.get();
    }

    /** Prints the tally of these kinds of input, and their total over the whole run so far. */
    static void print(String fuzzer, String... kinds) {
        StringBuilder line = new StringBuilder("fuzz: ").append(fuzzer).append(':');
        for (String kind : kinds) {
            line.append(' ').append(of(kind)).append(' ').append(kind).append(',');
        }
        long total = counts.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.println(line.append(" ").append(total).append(" generated inputs in this run so far"));
    }
}
