package io.comet.channels;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.comet.Ack;
import io.comet.ChannelAuthorizer;
import io.comet.ChannelDecision;
import io.comet.Channels;
import io.comet.Namespace;
import io.comet.PublishAuthorizer;
import io.comet.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The channels of a namespace, built on its public API: a subscription is a room (the pattern's, e.g.
 * {@code comet:channel:/chat/*}), and a publish to {@code /chat/a} is one broadcast, encoded once, to the
 * rooms of every pattern that can match it ({@code /chat/a}, {@code /chat/*}, {@code /chat/**},
 * {@code /**}): through the adapter, so a cluster carries it, and each socket gets it once, however many
 * of its subscriptions match. Subscriptions are rooms, so they survive a recovery with the socket.
 *
 * <p>Each channel's numbering and history ({@link ChannelHistory}) is held in a bounded Caffeine cache;
 * a publish appends and broadcasts under the channel's lock, and a subscribe with {@code since} joins
 * and sends what was missed under the same lock, so nothing falls between the catch-up and the live
 * messages, and nothing comes twice.
 */
public final class ChannelRegistry implements Channels {
    private static final Logger log = LoggerFactory.getLogger(ChannelRegistry.class);
    static final String SUBSCRIBE = "comet:subscribe";
    static final String UNSUBSCRIBE = "comet:unsubscribe";
    static final String PUBLISH = "comet:publish";
    static final String MESSAGE = "comet:message";
    static final String ROOM_PREFIX = "comet:channel:";
    /** Channels whose numbering is kept at once; beyond, the least recently used are forgotten (a new epoch). */
    static final int MAX_CHANNELS = 100_000;

    /** A history rule: the channels a pattern matches keep {@code size} messages for {@code ttl}. */
    private record Rule(ChannelPattern pattern, int size, Duration ttl) {
    }

    private final Namespace namespace;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Cache<String, ChannelHistory> histories = Caffeine.newBuilder()
            .maximumSize(MAX_CHANNELS).expireAfterAccess(1, TimeUnit.HOURS).build();
    private volatile ChannelAuthorizer subscribers = (socket, channel) -> ChannelDecision.allowIf(false);
    private volatile PublishAuthorizer publishers = (socket, channel, data) -> ChannelDecision.allowIf(false);

    public ChannelRegistry(Namespace namespace) {
        this.namespace = namespace;
        namespace.onConnection(this::serve);
    }

    @Override
    public Channels authorizeSubscribe(ChannelAuthorizer authorizer) {
        this.subscribers = Objects.requireNonNull(authorizer);
        return this;
    }

    @Override
    public Channels authorizePublish(PublishAuthorizer authorizer) {
        this.publishers = Objects.requireNonNull(authorizer);
        return this;
    }

    @Override
    public Channels history(String pattern, int size, Duration ttl) {
        if (size < 0 || ttl.isNegative()) {
            throw new IllegalArgumentException("a history's size and age are not negative");
        }
        rules.add(new Rule(ChannelPattern.parse(pattern), size, ttl));
        return this;
    }

    @Override
    public Published publish(String channel, Object data) {
        ChannelName name = ChannelName.parse(channel);
        ChannelHistory history = history(name);
        synchronized (history) {
            ChannelHistory.Message m = history.append(data, System.currentTimeMillis());
            namespace.to(rooms(name)).emit(MESSAGE, name.text(), data, position(m.offset(), history.epoch()));
            return new Published(name.text(), m.offset(), history.epoch());
        }
    }

    private ChannelHistory history(ChannelName name) {
        return histories.get(name.text(), n -> {
            for (Rule r : rules) {
                if (r.pattern().matches(name)) {
                    return new ChannelHistory(r.size(), r.ttl().toMillis());
                }
            }
            return new ChannelHistory(0, 0);
        });
    }

    /** The rooms of every pattern that matches {@code name}: the name, {@code <parent>/*}, and each {@code <ancestor>/**}. */
    static String[] rooms(ChannelName name) {
        List<String> segments = name.segments();
        List<String> rooms = new ArrayList<>(segments.size() + 2);
        rooms.add(ROOM_PREFIX + name.text());
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            if (i == segments.size() - 1) {
                rooms.add(ROOM_PREFIX + prefix + "/*");
            }
            rooms.add(ROOM_PREFIX + prefix + "/**");
            prefix.append('/').append(segments.get(i));
        }
        return rooms.toArray(String[]::new);
    }

    private static Map<String, Object> position(long offset, String epoch) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("offset", offset);
        p.put("epoch", epoch);
        return p;
    }

    // ---------------------------------------------------------------- a client's requests

    private void serve(Socket socket) {
        socket.on(SUBSCRIBE, (args, ack) -> subscribe(socket, args, ack));
        socket.on(UNSUBSCRIBE, (args, ack) -> unsubscribe(socket, args, ack));
        socket.on(PUBLISH, (args, ack) -> clientPublish(socket, args, ack));
    }

    /** {@code comet:subscribe ({channel, since?: {offset, epoch}})}, answered {@code {ok, ...}}. */
    private void subscribe(Socket socket, List<Object> args, Ack ack) {
        Map<?, ?> request = args.isEmpty() ? null : args.get(0) instanceof Map<?, ?> m ? m : null;
        Object text = request == null ? (args.isEmpty() ? null : args.get(0)) : request.get("channel");
        ChannelPattern pattern;
        Since since;
        try {
            pattern = ChannelPattern.parse(text instanceof String s ? s : null);
            since = Since.of(request == null ? null : request.get("since"));
            if (since != null && !pattern.exact()) {
                throw new IllegalArgumentException("since needs a channel name, not a pattern");
            }
        } catch (IllegalArgumentException e) {
            refuse(ack, e.getMessage());
            return;
        }
        decide(() -> subscribers.authorize(socket, pattern.text()), ack, () -> join(socket, pattern, since, ack));
    }

    private void join(Socket socket, ChannelPattern pattern, Since since, Ack ack) {
        String room = ROOM_PREFIX + pattern.text();
        if (!pattern.exact()) {
            if (joined(socket, room, ack)) {
                ack.send(answer(pattern.text()));
            }
            return;
        }
        ChannelName name = ChannelName.parse(pattern.text());
        ChannelHistory history = history(name);
        synchronized (history) {
            if (!joined(socket, room, ack)) {
                return;
            }
            ChannelHistory.CatchUp catchUp = since == null ? null : history.since(since.offset(), since.epoch(), System.currentTimeMillis());
            Map<String, Object> answer = answer(name.text());
            answer.putAll(position(history.lastOffset(), history.epoch()));
            if (catchUp != null) {
                for (ChannelHistory.Message m : catchUp.messages()) {
                    socket.emit(MESSAGE, name.text(), m.data(), position(m.offset(), history.epoch()));
                }
                answer.put("complete", catchUp.complete());
            }
            ack.send(answer);
        }
    }

    private static boolean joined(Socket socket, String room, Ack ack) {
        try {
            socket.join(room);
            return true;
        } catch (IllegalStateException e) {
            refuse(ack, "too many subscriptions");
            return false;
        }
    }

    /** {@code comet:unsubscribe (channel)}: leaves the pattern's room. */
    private void unsubscribe(Socket socket, List<Object> args, Ack ack) {
        try {
            ChannelPattern pattern = ChannelPattern.parse(args.isEmpty() || !(args.get(0) instanceof String s) ? null : s);
            socket.leave(ROOM_PREFIX + pattern.text());
            ack.send(answer(pattern.text()));
        } catch (IllegalArgumentException e) {
            refuse(ack, e.getMessage());
        }
    }

    /** {@code comet:publish (channel, data)}, answered {@code {ok, channel, offset, epoch}}. */
    private void clientPublish(Socket socket, List<Object> args, Ack ack) {
        ChannelName name;
        try {
            name = ChannelName.parse(args.isEmpty() || !(args.get(0) instanceof String s) ? null : s);
        } catch (IllegalArgumentException e) {
            refuse(ack, e.getMessage());
            return;
        }
        Object data = args.size() > 1 ? args.get(1) : null;
        decide(() -> publishers.authorize(socket, name.text(), data), ack, () -> {
            Published p = publish(name.text(), data);
            Map<String, Object> answer = answer(p.channel());
            answer.putAll(position(p.offset(), p.epoch()));
            ack.send(answer);
        });
    }

    /** Runs {@code allowed} once the hook allows; answers the client with the reason when it denies or fails. */
    private static void decide(Supplier<CompletionStage<ChannelDecision>> hook, Ack ack, Runnable allowed) {
        CompletionStage<ChannelDecision> d;
        try {
            d = Objects.requireNonNull(hook.get(), "an authorization hook answered null");
        } catch (RuntimeException e) {
            log.error("a channel authorization hook failed", e);
            refuse(ack, "Forbidden");
            return;
        }
        d.whenComplete((outcome, error) -> {
            if (error != null || outcome == null) {
                log.error("a channel authorization hook failed", error);
                refuse(ack, "Forbidden");
            } else if (!outcome.allowed()) {
                refuse(ack, outcome.reason());
            } else {
                allowed.run();
            }
        });
    }

    private static Map<String, Object> answer(String channel) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("channel", channel);
        return answer;
    }

    private static void refuse(Ack ack, String reason) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("error", reason);
        ack.send(answer);
    }

    /** A subscriber's last position, {@code {offset, epoch}}. */
    private record Since(long offset, String epoch) {
        static Since of(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof Map<?, ?> m && m.get("offset") instanceof Number n && m.get("epoch") instanceof String e) {
                return new Since(n.longValue(), e);
            }
            throw new IllegalArgumentException("since is {offset, epoch}");
        }
    }
}
