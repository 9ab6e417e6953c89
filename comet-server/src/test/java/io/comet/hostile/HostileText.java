package io.comet.hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile protocol text for the fuzzers: built near the grammar (packet types, attachment
 * counts, namespaces, ack ids with non-ASCII digits, JSON that is valid, truncated, altered, deeply nested
 * or names reserved events) as well as at random, so that inputs reach deep into the decoders.
 */
final class HostileText {
    private HostileText() {
    }

    /** Engine.IO payloads: packets near the grammar joined by record separators, or any text. */
    static Arbitrary<String> enginePayloads() {
        Arbitrary<String> packet = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("0", "1", "2", "3", "4", "5", "6", "7", "9", "b", ""), text())
                        .as((type, body) -> type + body),
                Arbitraries.strings().withChars("ABCDEFabcdef0123456789+/=\r\n").ofMaxLength(40).map(b -> "b" + b));
        return Arbitraries.oneOf(
                packet.list().ofMaxSize(6).map(list -> String.join("\u001e", list)),
                Arbitraries.strings().ofMaxLength(200));
    }

    /** The text of Socket.IO packets, assembled from hostile parts, or any text. */
    static Arbitrary<String> socketPackets() {
        Arbitrary<String> type = Arbitraries.of("0", "1", "2", "3", "4", "5", "6", "7", "x", "");
        Arbitrary<String> attachments = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-2, 300).map(n -> n + "-"), Arbitraries.of("-", "1", "٣-", "01-"));
        Arbitrary<String> namespace = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().ofMaxLength(12).map(n -> "/" + n + ","), Arbitraries.of("/", "/a", "//,", "/\u0000,"));
        Arbitrary<String> ackId = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(n -> Long.toString(n)),
                Arbitraries.of("9007199254740991", "9007199254740992", "٣", "１２", "00", "-1"));
        return Arbitraries.oneOf(
                Combinators.combine(type, attachments, namespace, ackId, json()).as((t, a, n, i, j) -> t + a + n + i + j),
                Arbitraries.strings().ofMaxLength(120));
    }

    /** JSON as a client might send it, and as a hostile one might: valid, truncated, or with a byte changed. */
    private static Arbitrary<String> json() {
        Arbitrary<String> valid = Arbitraries.of(
                "[\"event\"]", "[\"echo\",1,\"two\",{\"three\":[3]}]", "{\"token\":\"x\"}", "[\"e\",{\"_placeholder\":true,\"num\":0}]",
                "[\"e\",{\"_placeholder\":true,\"num\":99}]", "[\"connect\"]", "[\"disconnect\",1]", "[]", "{}", "null", "1",
                "\"text\"", "[\"e\",1e999]", "[\"e\",\"\\ud800\"]", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                "[\"e\"]garbage", "[\"e\",NaN]", "[\"e\",'single']", "");
        return Arbitraries.oneOf(valid,
                Combinators.combine(valid, Arbitraries.integers().between(0, 40)).as((j, cut) -> j.substring(0, Math.min(cut, j.length()))),
                Combinators.combine(valid, Arbitraries.integers().between(0, 40), Arbitraries.chars())
                        .as((j, at, c) -> j.isEmpty() ? String.valueOf(c) : j.substring(0, at % j.length()) + c + j.substring(at % j.length())),
                text());
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(30);
    }
}
