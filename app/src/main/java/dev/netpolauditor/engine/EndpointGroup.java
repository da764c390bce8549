package dev.netpolauditor.engine;

import java.util.Map;

/**
 * Endpoints that behave alike toward everything: one namespace, and the same set of
 * {@linkplain MemberGroup member kinds} (members alike for every selector, named port and
 * address rule). {@code members} are indexes into {@link CompiledCluster#endpoints()} (never
 * modified); the group's member groups are the consecutive ids {@code firstMemberGroup ..
 * firstMemberGroup + memberGroups - 1}. {@code labels} are the labels that selectors read which
 * every member kind shares (all of them, when the group has one member kind).
 */
public record EndpointGroup(int id, String namespace, Map<String, String> labels, int[] members,
        int firstMemberGroup, int memberGroups) {

    public int size() {
        return members.length;
    }
}
