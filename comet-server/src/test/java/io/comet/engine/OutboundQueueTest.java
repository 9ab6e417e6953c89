package io.comet.engine;

import io.comet.protocol.EnginePacket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The outbound queue of a session")
class OutboundQueueTest {
    private static final int UNBOUNDED_COUNT = Integer.MAX_VALUE;
    private static final long UNBOUNDED_BYTES = Long.MAX_VALUE;

    /** A message whose wire size is exactly {@code size} bytes: the type digit and size-1 characters. */
    private static EnginePacket message(int size) {
        return EnginePacket.message("x".repeat(size - 1));
    }

    private static List<String> texts(List<EnginePacket> packets) {
        return packets.stream().map(EnginePacket::text).toList();
    }

    @Test
    @DisplayName("starts empty at offset 0")
    void startsEmpty() {
        OutboundQueue queue = new OutboundQueue(10, 1000);

        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        assertEquals(0, queue.bytes());
        assertEquals(0, queue.headOffset());
        assertEquals(0, queue.nextOffset());
        assertEquals(List.of(), queue.drain(5));
    }

    @Test
    @DisplayName("drains packets in the order they were offered, the very same objects")
    void keepsOrder() {
        OutboundQueue queue = new OutboundQueue(UNBOUNDED_COUNT, UNBOUNDED_BYTES);
        EnginePacket a = EnginePacket.message("a");
        EnginePacket binary = EnginePacket.binary(new byte[]{1});
        EnginePacket c = EnginePacket.message("c");

        assertTrue(queue.offer(a));
        assertTrue(queue.offer(binary));
        assertTrue(queue.offer(c));
        List<EnginePacket> drained = queue.drain(10);

        assertEquals(3, drained.size());
        assertSame(a, drained.get(0));
        assertSame(binary, drained.get(1));
        assertSame(c, drained.get(2));
        assertTrue(queue.isEmpty());
    }

    @Test
    @DisplayName("drains at most the number asked, oldest first, and keeps the rest")
    void drainsAtMostMax() {
        OutboundQueue queue = new OutboundQueue(UNBOUNDED_COUNT, UNBOUNDED_BYTES);
        for (String s : List.of("a", "b", "c", "d", "e")) {
            queue.offer(EnginePacket.message(s));
        }

        assertEquals(List.of("a", "b"), texts(queue.drain(2)));
        assertEquals(List.of("c", "d", "e"), texts(queue.drain(10)));
        assertEquals(List.of(), queue.drain(10));
    }

    @Test
    @DisplayName("numbers every packet: the head moves as packets are drained, the next offset as they are offered")
    void tracksOffsets() {
        OutboundQueue queue = new OutboundQueue(UNBOUNDED_COUNT, UNBOUNDED_BYTES);
        for (int i = 0; i < 3; i++) {
            queue.offer(EnginePacket.message("m" + i));
        }
        assertEquals(0, queue.headOffset());
        assertEquals(3, queue.nextOffset());

        queue.drain(2);
        assertEquals(2, queue.headOffset());
        assertEquals(3, queue.nextOffset());

        queue.offer(EnginePacket.message("m3"));
        assertEquals(4, queue.nextOffset());

        queue.drain(10);
        assertEquals(4, queue.headOffset());
        assertEquals(4, queue.nextOffset());

        queue.drain(10);
        assertEquals(4, queue.headOffset(), "draining an empty queue moves nothing");
    }

    @Test
    @DisplayName("refuses the packet past its count bound, adds nothing, and has room again once drained")
    void boundedByCount() {
        OutboundQueue queue = new OutboundQueue(2, UNBOUNDED_BYTES);

        assertTrue(queue.offer(EnginePacket.message("a")));
        assertTrue(queue.offer(EnginePacket.message("b")));
        long bytes = queue.bytes();
        assertFalse(queue.offer(EnginePacket.message("c")));

        assertEquals(2, queue.size());
        assertEquals(bytes, queue.bytes());
        assertEquals(2, queue.nextOffset(), "a refused packet takes no offset");

        queue.drain(1);
        assertTrue(queue.offer(EnginePacket.message("d")));
        assertEquals(List.of("b", "d"), texts(queue.drain(10)));
    }

    @Test
    @DisplayName("counts wire bytes: a text packet is its text plus the type digit, a binary one its length")
    void countsBytes() {
        OutboundQueue queue = new OutboundQueue(UNBOUNDED_COUNT, UNBOUNDED_BYTES);

        queue.offer(EnginePacket.message("hello"));
        assertEquals(6, queue.bytes());
        queue.offer(EnginePacket.binary(new byte[10]));
        assertEquals(16, queue.bytes());
        queue.drain(1);
        assertEquals(10, queue.bytes());
        queue.drain(1);
        assertEquals(0, queue.bytes());
    }

    @Test
    @DisplayName("fills up to its byte bound exactly, refuses one byte more, and has room again once drained")
    void boundedByBytes() {
        OutboundQueue queue = new OutboundQueue(UNBOUNDED_COUNT, 10);

        assertTrue(queue.offer(message(4)));
        assertTrue(queue.offer(message(6)));
        assertEquals(10, queue.bytes());
        assertFalse(queue.offer(message(1)));
        assertEquals(2, queue.size());

        queue.drain(1);
        assertFalse(queue.offer(message(5)), "6 + 5 is over the bound");
        assertTrue(queue.offer(message(4)));
        assertEquals(10, queue.bytes());
    }

    /** A queue holding a, b, c, d of which a stream took a and b (retained). */
    private static OutboundQueue withTwoRetained() {
        OutboundQueue queue = new OutboundQueue(UNBOUNDED_COUNT, UNBOUNDED_BYTES);
        for (String s : List.of("a", "b", "c", "d")) {
            queue.offer(EnginePacket.message(s));
        }
        assertEquals(List.of("a", "b"), texts(queue.drainRetained(2)));
        return queue;
    }

    @Test
    @DisplayName("at a hand-over, forgets what a stream that was not cut carried: the next transport starts after it")
    void handOverForgetsDelivered() {
        OutboundQueue queue = withTwoRetained();

        queue.handOver();

        assertEquals(2, queue.size());
        assertEquals(List.of("c", "d"), texts(queue.drain(10)));
        assertEquals(4, queue.headOffset());
    }

    @Test
    @DisplayName("at a hand-over, queues again, in order, what a stream that was cut carried")
    void handOverResendsWhatACutStreamCarried() {
        OutboundQueue queue = withTwoRetained();

        queue.retainedInDoubt();
        queue.handOver();

        assertEquals(List.of("a", "b", "c", "d"), texts(queue.drain(10)));
        assertEquals(4, queue.headOffset());
    }

    @Test
    @DisplayName("a resume after a cut settles the doubt: what the next stream carries is delivered at a hand-over")
    void resumeSettlesTheDoubt() {
        OutboundQueue queue = withTwoRetained();
        queue.retainedInDoubt();

        queue.acknowledge(1); // the client resumes at offset 1: it has a
        queue.rewind();
        assertEquals(List.of("b", "c"), texts(queue.drainRetained(2)));
        queue.handOver();

        assertEquals(List.of("d"), texts(queue.drain(10)));
    }

    @Test
    @DisplayName("refuses a packet bigger than the byte bound even when empty")
    void refusesOversizedPacket() {
        OutboundQueue queue = new OutboundQueue(UNBOUNDED_COUNT, 100);

        assertFalse(queue.offer(EnginePacket.binary(new byte[101])));
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.bytes());
    }
}
