package io.comet.channels;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A channel's history: offsets, epoch, bounds and the gap signal")
class ChannelHistoryTest {
    private static final long T0 = 1_000_000;

    private static List<Object> data(ChannelHistory.CatchUp c) {
        return c.messages().stream().map(ChannelHistory.Message::data).toList();
    }

    @Test
    @DisplayName("each message gets the channel's next offset, from 1")
    void offsets() {
        ChannelHistory h = new ChannelHistory(10, 60_000);
        assertEquals(1, h.append("a", T0).offset());
        assertEquals(2, h.append("b", T0).offset());
        assertEquals(2, h.lastOffset());
    }

    @Test
    @DisplayName("a subscriber that had offset 2 gets 3 and 4, complete")
    void catchUp() {
        ChannelHistory h = new ChannelHistory(10, 60_000);
        for (String s : List.of("a", "b", "c", "d")) {
            h.append(s, T0);
        }
        ChannelHistory.CatchUp c = h.since(2, h.epoch(), T0);
        assertTrue(c.complete());
        assertEquals(List.of("c", "d"), data(c));
        assertEquals(4, c.offset());
        assertTrue(h.since(4, h.epoch(), T0).complete(), "nothing missed is complete too");
        assertTrue(h.since(0, h.epoch(), T0).complete(), "from the start, while all is kept");
    }

    @Test
    @DisplayName("beyond the size bound the oldest go, and a position before them is a gap")
    void sizeBound() {
        ChannelHistory h = new ChannelHistory(3, 60_000);
        for (int i = 1; i <= 5; i++) {
            h.append(i, T0);
        }
        ChannelHistory.CatchUp fromOne = h.since(1, h.epoch(), T0);
        assertFalse(fromOne.complete(), "2 is gone");
        assertEquals(List.of(3, 4, 5), data(fromOne), "what is there comes all the same");
        ChannelHistory.CatchUp fromTwo = h.since(2, h.epoch(), T0);
        assertTrue(fromTwo.complete(), "3, 4 and 5 are all that was missed");
        assertEquals(List.of(3, 4, 5), data(fromTwo));
    }

    @Test
    @DisplayName("messages older than the history's age go, and a position before them is a gap")
    void ageBound() {
        ChannelHistory h = new ChannelHistory(10, 1_000);
        h.append("old", T0);
        h.append("new", T0 + 900);
        ChannelHistory.CatchUp c = h.since(0, h.epoch(), T0 + 1_500);
        assertFalse(c.complete());
        assertEquals(List.of("new"), data(c));
        assertEquals(1, h.size(T0 + 1_500));
    }

    @Test
    @DisplayName("another epoch is a gap: the subscriber gets what is kept and is told")
    void otherEpoch() {
        ChannelHistory before = new ChannelHistory(10, 60_000);
        ChannelHistory after = new ChannelHistory(10, 60_000);
        assertNotEquals(before.epoch(), after.epoch());
        after.append("x", T0);
        ChannelHistory.CatchUp c = after.since(5, before.epoch(), T0);
        assertFalse(c.complete());
        assertEquals(List.of("x"), data(c));
        assertEquals(after.epoch(), c.epoch());
    }

    @Test
    @DisplayName("a position beyond the channel's newest offset is a gap, not a silent catch-up")
    void positionFromTheFuture() {
        ChannelHistory h = new ChannelHistory(10, 60_000);
        h.append("a", T0);
        assertFalse(h.since(7, h.epoch(), T0).complete());
    }

    @Test
    @DisplayName("a history of size 0 keeps nothing: only the numbering, and any miss is a gap")
    void numberingOnly() {
        ChannelHistory h = new ChannelHistory(0, 60_000);
        h.append("a", T0);
        h.append("b", T0);
        assertEquals(2, h.lastOffset());
        assertFalse(h.since(1, h.epoch(), T0).complete());
        assertTrue(h.since(2, h.epoch(), T0).complete());
    }

    @Test
    @DisplayName("latest(n) gives the newest n kept, oldest first")
    void latest() {
        ChannelHistory h = new ChannelHistory(100, 60_000);
        for (int i = 1; i <= 60; i++) {
            h.append(i, T0);
        }
        List<ChannelHistory.Message> last = h.latest(50, T0);
        assertEquals(50, last.size());
        assertEquals(11, last.get(0).data());
        assertEquals(60, last.get(49).data());
    }
}
