package io.comet;

import java.util.Map;
import java.util.Set;

/**
 * What a cluster keeps of a socket so that another node can recover it when the socket's own node is
 * gone ({@link ClusterRecovery}): socket.io's session fields, and Comet's upstream sequence.
 *
 * @param id       the socket id, kept across the recovery
 * @param pid      the private session id the client presents to recover it
 * @param rooms    the rooms it is in, its own id included
 * @param data     its {@code data()}, as the cluster stores it (values come back as their JSON form)
 * @param upstream the highest number of its client's emits already run (docs/delivery.md), 0 when none
 */
public record SavedSocket(String id, String pid, Set<String> rooms, Map<String, Object> data, long upstream) {
}
