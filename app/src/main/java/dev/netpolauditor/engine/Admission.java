package dev.netpolauditor.engine;

import dev.netpolauditor.model.PortSet;

/**
 * A rule that can admit connections into one destination group, seen from that group: the
 * rule (a NetworkPolicy rule, or a cluster-tier Accept rule), the ports it admits toward the
 * group (named ports resolved there), and the source groups it covers — for an ingress rule
 * the groups its peers match, for an egress rule the groups its policy selects. Null
 * {@code sourceGroups} means every group (and, for ingress, every IP).
 */
public record Admission(RuleRef rule, PortSet ports, int[] sourceGroups) {}
