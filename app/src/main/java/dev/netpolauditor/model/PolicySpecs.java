package dev.netpolauditor.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code spec} of a NetworkPolicy as data, in a canonical form that compares with
 * {@code equals} regardless of mapping order and file format: nested unmodifiable maps with
 * string keys in sorted order, unmodifiable lists, and the scalars {@code String},
 * {@code Boolean}, {@code Long} (integers; {@code BigInteger} beyond the long range) and
 * {@code Double}. A mapping entry whose value is null is left out (the API server reads an
 * explicit null as absent); nothing else is defaulted, so {@code from: []} differs from an
 * absent {@code from}.
 */
public final class PolicySpecs {
    /** Nodes a spec may expand to once YAML aliases are followed; more is an alias bomb, not a policy. */
    static final int MAX_NODES = 1_000_000;

    private PolicySpecs() {}

    /**
     * The canonical form of a parsed spec (maps, lists and scalars as YAML and JSON parsers
     * produce them; null reads as the empty mapping).
     *
     * @throws IllegalArgumentException when the value contains itself (a YAML alias cycle) or
     *     expands to more than {@value #MAX_NODES} nodes
     */
    public static Map<String, Object> canonical(Object spec) {
        if (spec == null) {
            return Map.of();
        }
        if (!(spec instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping");
        }
        if (new CanonicalCheck().isCanonical(spec, 0)) {
            // already canonical (a NetworkPolicy is made from a spec made canonical by its reader): as it is
            @SuppressWarnings("unchecked")
            Map<String, Object> same = (Map<String, Object>) spec;
            return same;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) new Canonicalizer().node(spec);
        return out;
    }

    /**
     * A canonical spec written from the parsed model, for policies built in code rather than
     * read from manifests: what the model cannot tell apart (an absent list and an empty
     * one, say) is written one way.
     */
    public static Map<String, Object> derive(LabelSelector podSelector, List<PolicyType> policyTypes,
            List<Rule> ingress, List<Rule> egress) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", selector(podSelector));
        if (!policyTypes.isEmpty()) {
            spec.put("policyTypes", policyTypes.stream().map(PolicyType::wireName).toList());
        }
        if (!ingress.isEmpty()) {
            spec.put("ingress", rules(ingress, "from"));
        }
        if (!egress.isEmpty()) {
            spec.put("egress", rules(egress, "to"));
        }
        return canonical(spec);
    }

    /**
     * A canonical spec written from a cluster-tier policy's parsed fields, in its kind's API
     * version (v1alpha2 {@code tier}/{@code protocols}, v1alpha1 {@code ports}), for policies
     * built in code. Entries of only unknown fields are written as an unknown field
     * ({@code x-unknown: {}}), which reads back as such.
     */
    public static Map<String, Object> derive(ClusterPolicyKind kind, PolicyTier tier, int priority,
            TierSubject subject, List<TierRule> ingress, List<TierRule> egress) {
        boolean v1alpha2 = kind == ClusterPolicyKind.ClusterNetworkPolicy;
        Map<String, Object> spec = new LinkedHashMap<>();
        if (v1alpha2) {
            spec.put("tier", tier.wireName());
        }
        if (kind != ClusterPolicyKind.BaselineAdminNetworkPolicy) {
            spec.put("priority", (long) priority);
        }
        spec.put("subject", switch (subject) {
            case TierSubject.Namespaces n -> Map.of("namespaces", selector(n.namespaceSelector()));
            case TierSubject.Pods p -> Map.of("pods", pods(p.namespaceSelector(), p.podSelector()));
            case TierSubject.Unknown u -> Map.of("x-unknown", Map.of());
        });
        if (!ingress.isEmpty()) {
            spec.put("ingress", tierRules(kind, ingress, "from"));
        }
        if (!egress.isEmpty()) {
            spec.put("egress", tierRules(kind, egress, "to"));
        }
        return canonical(spec);
    }

    private static Map<String, Object> pods(LabelSelector namespaces, LabelSelector pods) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (namespaces != null) {
            out.put("namespaceSelector", selector(namespaces));
        }
        out.put("podSelector", selector(pods));
        return out;
    }

    private static List<Object> tierRules(ClusterPolicyKind kind, List<TierRule> rules, String peersKey) {
        boolean v1alpha2 = kind == ClusterPolicyKind.ClusterNetworkPolicy;
        List<Object> out = new ArrayList<>();
        for (TierRule rule : rules) {
            Map<String, Object> r = new LinkedHashMap<>();
            if (rule.name() != null) {
                r.put("name", rule.name());
            }
            r.put("action", rule.action().wireName(kind));
            List<Object> peers = new ArrayList<>();
            for (TierPeer peer : rule.peers()) {
                peers.add(switch (peer) {
                    case TierPeer.Namespaces n -> Map.of("namespaces", selector(n.namespaceSelector()));
                    case TierPeer.Pods p -> Map.of("pods", pods(p.namespaceSelector(), p.podSelector()));
                    case TierPeer.Networks n -> Map.of("networks", n.cidrs().stream().map(Cidr::text).toList());
                    case TierPeer.Nodes n -> Map.of("nodes", selector(n.nodeSelector()));
                    case TierPeer.DomainNames d -> Map.of("domainNames", d.names());
                    case TierPeer.Unknown u -> Map.of("x-unknown", Map.of());
                });
            }
            r.put(peersKey, peers);
            if (!rule.ports().isEmpty()) {
                List<Object> ports = new ArrayList<>();
                for (TierPort port : rule.ports()) {
                    ports.add(switch (port) {
                        case TierPort.Range range when v1alpha2 -> Map.of(range.protocol().name().toLowerCase(
                                java.util.Locale.ROOT), Map.of("destinationPort", range.first() == range.last()
                                        ? Map.of("number", (long) range.first())
                                        : Map.of("range", Map.of("start", (long) range.first(), "end", (long) range.last()))));
                        case TierPort.Range range -> range.first() == range.last()
                                ? Map.of("portNumber", Map.of("protocol", range.protocol().name(), "port", (long) range.first()))
                                : Map.of("portRange", Map.of("protocol", range.protocol().name(), "start",
                                        (long) range.first(), "end", (long) range.last()));
                        case TierPort.Named named -> Map.of(v1alpha2 ? "destinationNamedPort" : "namedPort", named.name());
                        case TierPort.Unknown u -> Map.of("x-unknown", Map.of());
                    });
                }
                r.put(v1alpha2 ? "protocols" : "ports", ports);
            }
            out.add(r);
        }
        return out;
    }

    private static List<Object> rules(List<Rule> rules, String peersKey) {
        List<Object> out = new ArrayList<>();
        for (Rule rule : rules) {
            Map<String, Object> r = new LinkedHashMap<>();
            if (!rule.peers().isEmpty()) {
                List<Object> peers = new ArrayList<>();
                for (Peer peer : rule.peers()) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    switch (peer) {
                        case Peer.Selectors s -> {
                            if (s.podSelector() != null) {
                                p.put("podSelector", selector(s.podSelector()));
                            }
                            if (s.namespaceSelector() != null) {
                                p.put("namespaceSelector", selector(s.namespaceSelector()));
                            }
                        }
                        case Peer.IpBlock b -> {
                            Map<String, Object> block = new LinkedHashMap<>();
                            block.put("cidr", b.cidr().text());
                            if (!b.except().isEmpty()) {
                                block.put("except", b.except().stream().map(Cidr::text).toList());
                            }
                            p.put("ipBlock", block);
                        }
                    }
                    peers.add(p);
                }
                r.put(peersKey, peers);
            }
            if (!rule.ports().isEmpty()) {
                List<Object> ports = new ArrayList<>();
                for (PortRule port : rule.ports()) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("protocol", port.protocol().name());
                    switch (port.match()) {
                        case PortMatch.AnyPort any -> { }
                        case PortMatch.Named named -> p.put("port", named.name());
                        case PortMatch.Range range -> {
                            p.put("port", range.first());
                            if (range.last() != range.first()) {
                                p.put("endPort", range.last());
                            }
                        }
                    }
                    ports.add(p);
                }
                r.put("ports", ports);
            }
            out.add(r);
        }
        return out;
    }

    private static Map<String, Object> selector(LabelSelector selector) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!selector.matchLabels().isEmpty()) {
            out.put("matchLabels", selector.matchLabels());
        }
        if (!selector.matchExpressions().isEmpty()) {
            List<Object> expressions = new ArrayList<>();
            for (SelectorRequirement r : selector.matchExpressions()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("key", r.key());
                e.put("operator", r.operator().name());
                if (!r.values().isEmpty()) {
                    e.put("values", r.values());
                }
                expressions.add(e);
            }
            out.put("matchExpressions", expressions);
        }
        return out;
    }

    /** The class of a canonical mapping: an unmodifiable view of a {@code TreeMap} in natural order. */
    private static final Class<?> CANONICAL_MAP = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();
    /** The class of a canonical list: an unmodifiable view of an {@code ArrayList}. */
    private static final Class<?> CANONICAL_LIST = Collections.unmodifiableList(new ArrayList<>()).getClass();

    /** A mapping as the canonical form holds it, for a reader that makes the form itself as it parses. */
    public static Map<String, Object> canonicalMap(TreeMap<String, Object> sorted) {
        return Collections.unmodifiableSortedMap(sorted);
    }

    /** A list as the canonical form holds it. */
    public static List<Object> canonicalList(ArrayList<Object> list) {
        return Collections.unmodifiableList(list);
    }

    /**
     * Whether a value is in the canonical form already, with at most {@value #MAX_NODES} nodes
     * once expanded. A value it cannot vouch for (too deep, say) is not, and is made canonical.
     */
    private static final class CanonicalCheck {
        private static final int MAX_DEPTH = 256;
        private long nodes;

        boolean isCanonical(Object value, int depth) {
            if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
                return false;
            }
            return switch (value) {
                case String s -> true;
                case Boolean b -> true;
                case Long l -> true;
                case Double d -> true;
                case BigInteger b -> b.bitLength() >= 64;
                case Map<?, ?> map when map.getClass() == CANONICAL_MAP
                        && ((java.util.SortedMap<?, ?>) map).comparator() == null -> {
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (!(e.getKey() instanceof String) || e.getValue() == null || !isCanonical(e.getValue(), depth + 1)) {
                            yield false;
                        }
                    }
                    yield true;
                }
                case List<?> list when list.getClass() == CANONICAL_LIST -> {
                    for (Object item : list) {
                        if (item == null) {
                            nodes++;
                        } else if (!isCanonical(item, depth + 1)) {
                            yield false;
                        }
                    }
                    yield true;
                }
                default -> false;
            };
        }
    }

    /** Follows shared nodes (YAML aliases) once each, refuses cycles, counts the expanded size. */
    private static final class Canonicalizer {
        private final Map<Object, Object> done = new IdentityHashMap<>();
        private final Map<Object, Long> sizes = new IdentityHashMap<>();
        private final Map<Object, Boolean> inProgress = new IdentityHashMap<>();

        Object node(Object value) {
            return switch (value) {
                case null -> null;
                case Map<?, ?> map -> container(map);
                case List<?> list -> container(list);
                case String s -> s;
                case Boolean b -> b;
                case Integer i -> (long) i;
                case Long l -> l;
                case Short s -> (long) s;
                case Byte b -> (long) b;
                case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
                case Double d -> d;
                case Float f -> (double) f;
                case Number n -> n.toString();
                case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
                default -> value.toString();
            };
        }

        private Object container(Object container) {
            Object seen = done.get(container);
            if (seen != null) {
                return seen;
            }
            if (inProgress.put(container, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("a value contains itself (a YAML alias cycle)");
            }
            long size = 1;
            Object out;
            if (container instanceof Map<?, ?> map) {
                TreeMap<String, Object> sorted = new TreeMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    Object child = node(e.getValue());
                    size += sizeOf(e.getValue());
                    sorted.put(String.valueOf(e.getKey()), child);
                }
                out = canonicalMap(sorted);
            } else {
                List<?> list = (List<?>) container;
                ArrayList<Object> copy = new ArrayList<>(list.size());
                for (Object item : list) {
                    copy.add(node(item));
                    size += sizeOf(item);
                }
                out = canonicalList(copy);
            }
            if (size > MAX_NODES) {
                throw new IllegalArgumentException("more than " + MAX_NODES + " values once YAML aliases are expanded");
            }
            inProgress.remove(container);
            done.put(container, out);
            sizes.put(container, size);
            return out;
        }

        private long sizeOf(Object value) {
            Long size = value == null ? null : sizes.get(value);
            return size == null ? 1 : size;
        }
    }
}
