package io.comet.demo.transports;

import io.comet.demo.ChatBrowser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a connected page's transport chain landed: {@code window.socket.transport}, the time from the
 * page's first script to its first connect ({@code window.cometTimings}; the "page load to connect" the
 * chat tests report), the same from the start of the navigation (performance.now() at connect), and the
 * walk that got there ({@code window.socket.io.engine.attempts}: each transport tried, in order, and how
 * that went).
 */
record Landing(String transport, long millis, long sinceNavigationStart, List<Attempt> chain) {
    /** One entry of {@code socket.io.engine.attempts}. */
    record Attempt(String transport, String outcome, long ms, String error) {
        @Override
        public String toString() {
            return transport + " " + outcome + " after " + ms + " ms" + (error == null ? "" : " (" + error + ")");
        }
    }

    @SuppressWarnings("unchecked")
    static Landing of(ChatBrowser browser) {
        Map<String, Object> state = (Map<String, Object>) browser.script(
                "var t = window.cometTimings, s = window.socket;"
                        + "return {transport: s.transport, loadStart: t.loadStart, connectedAt: t.connectedAt,"
                        + "  chain: JSON.parse(JSON.stringify(s.io.engine.attempts))};");
        Object connectedAt = state.get("connectedAt");
        if (connectedAt == null) {
            throw new AssertionError(browser.name() + ": connected, but window.cometTimings.connectedAt is not set\n"
                    + browser.diagnostics());
        }
        double connected = ((Number) connectedAt).doubleValue();
        long millis = Math.round(connected - ((Number) state.get("loadStart")).doubleValue());
        List<Attempt> chain = new ArrayList<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) state.get("chain")) {
            Object ms = a.get("ms");
            chain.add(new Attempt((String) a.get("transport"), (String) a.get("outcome"),
                    ms instanceof Number n ? Math.round(n.doubleValue()) : -1, (String) a.get("error")));
        }
        return new Landing((String) state.get("transport"), millis, Math.round(connected), chain);
    }

    /** The walk as {@code name:outcome} strings, e.g. {@code [websocket:error, xhr-streaming:open]}. */
    List<String> outcomes() {
        return chain.stream().map(a -> a.transport() + ":" + a.outcome()).toList();
    }

    /** Prints {@code "<scenario>: landed on <transport> in N ms (page load to connect)"} and the walk. */
    Landing print(String scenario) {
        System.out.println(scenario + ": landed on " + transport + " in " + millis + " ms (page load to connect)");
        StringJoiner walk = new StringJoiner("; ", "  chain: ", "");
        chain.forEach(a -> walk.add(a.toString()));
        System.out.println(walk);
        return this;
    }
}
