package io.comet.channels;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Channel names and patterns (Bayeux wildcards)")
class ChannelPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "/chat/general, /chat/general, true",
            "/chat/general, /chat/random, false",
            "/chat/general, /chat/general/x, false",
            "/chat/*, /chat/a, true",
            "/chat/*, /chat/a/b, false",
            "/chat/*, /chat, false",
            "/chat/*, /chats/a, false",
            "/chat/**, /chat/a, true",
            "/chat/**, /chat/a/b/c, true",
            "/chat/**, /chat, false",
            "/chat/**, /other/a, false",
            "/*, /a, true",
            "/*, /a/b, false",
            "/**, /a/b, true",
    })
    @DisplayName("a pattern matches the names its wildcard allows")
    void matching(String pattern, String name, boolean matches) {
        assertEquals(matches, ChannelPattern.parse(pattern).matches(ChannelName.parse(name)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "chat", "/", "/chat/", "//chat", "/chat//a", "/chat/a b", "/chat/<script>", "/chat/é", "/chat/a\u0000"})
    @DisplayName("a malformed name is refused, with its reason")
    void malformedNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(name));
        assertTrue(e.getMessage().startsWith("a channel"), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "the reason is plain ASCII: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/chat/*", "/chat/**"})
    @DisplayName("a name has no wildcard: one is published to, not subscribed with")
    void namesHaveNoWildcard(String name) {
        assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(name));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/*/a", "/chat/**/a", "/a/*/*"})
    @DisplayName("a wildcard is a pattern's last segment only")
    void wildcardOnlyLast(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> ChannelPattern.parse(pattern));
    }

    @Test
    @DisplayName("names are bounded: 256 characters, 16 segments, 64 characters a segment")
    void bounds() {
        assertThrows(IllegalArgumentException.class, () -> ChannelName.parse("/" + "a".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.parse("/a".repeat(17)));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(("/" + "a".repeat(60)).repeat(5)));
        assertEquals(16, ChannelName.parse("/a".repeat(16)).segments().size());
    }
}
