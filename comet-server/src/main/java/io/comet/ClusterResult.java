package io.comet;

import java.util.Set;

/**
 * What a cluster operation gathered from the nodes that answered. A node that does not answer within the
 * time allowed (the request timeout, or the acknowledgement timeout of the call) does not fail the
 * call, as it does in socket.io: the result holds what arrived and says it is {@link #partial()}.
 *
 * <p>Nodes name themselves in their answers only when they are Comet nodes: socket.io's Redis adapter
 * sends no server id in its responses. {@link #nodesAnswered()} counts every node that answered;
 * {@link #nodesHeard()} names those that said who they are.
 *
 * @param value         the answers: one entry per socket or per answer, this node's first
 * @param partial       whether some node, or some client, did not answer in time (or the number of nodes
 *                      could not be learned)
 * @param nodesHeard    the ids of the nodes that answered and named themselves, this node's first
 * @param nodesAnswered how many nodes answered, this node included
 * @param nodesExpected how many nodes the cluster had when the call was made, this node included;
 *                      {@code -1} when that could not be learned (Redis away)
 * @param <T>           the type of the answers
 */
public record ClusterResult<T>(T value, boolean partial, Set<String> nodesHeard, int nodesAnswered, int nodesExpected) {
}
