package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The patterns that make a finding routine (see {@code Finding.routine}): egress opened to DNS
 * only, and a namespace selector naming namespaces that are not among the inputs.
 */
final class RoutinePatterns {
    private RoutinePatterns() {}

    /** The DNS ports: 53, and 5353 where OpenShift's DNS listens; CoreDNS names its ports dns and dns-tcp. */
    private static final Set<Integer> DNS_PORTS = Set.of(53, 5353);
    private static final Set<String> DNS_PORT_NAMES = Set.of("dns", "dns-tcp");

    /**
     * Whether {@code rule} is an egress rule that opens DNS and nothing else: it lists ports and
     * each is UDP or TCP on a DNS port (53 or 5353, or the named port {@code dns}/{@code dns-tcp}).
     */
    static boolean dnsOnly(PolicyType direction, Rule rule) {
        if (direction != PolicyType.EGRESS || rule.allPorts()) {
            return false;
        }
        for (PortRule port : rule.ports()) {
            if (port.protocol() == Protocol.SCTP) {
                return false;
            }
            boolean dns = switch (port.match()) {
                case PortMatch.Range r -> r.first() == r.last() && DNS_PORTS.contains(r.first());
                case PortMatch.Named n -> DNS_PORT_NAMES.contains(n.name());
                case PortMatch.AnyPort a -> false;
            };
            if (!dns) {
                return false;
            }
        }
        return true;
    }

    /**
     * The namespaces a selector names by {@code kubernetes.io/metadata.name} (in {@code matchLabels} or an
     * {@code In} expression), when it names any and none of them is among {@code namespaces};
     * else an empty list (it names none, or one of them is present).
     */
    static List<String> absentNamedNamespaces(LabelSelector selector, Collection<Namespace> namespaces) {
        if (selector == null) {
            return List.of();
        }
        List<String> named = new ArrayList<>();
        String label = selector.matchLabels().get(Namespace.NAME_LABEL);
        if (label != null) {
            named.add(label);
        }
        for (SelectorRequirement r : selector.matchExpressions()) {
            if (r.key().equals(Namespace.NAME_LABEL) && r.operator() == SelectorOperator.In) {
                named.addAll(r.values());
            }
        }
        for (Namespace n : namespaces) {
            if (named.contains(n.name())) {
                return List.of();
            }
        }
        return named.stream().distinct().sorted().toList();
    }
}
