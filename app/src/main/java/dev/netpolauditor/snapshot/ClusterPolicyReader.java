package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierPort;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.TierSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and validates a cluster-tier policy (semantics.md, "Policy tiers"): a
 * {@code ClusterNetworkPolicy} of {@code policy.networking.k8s.io/v1alpha2}, or an
 * {@code AdminNetworkPolicy} or {@code BaselineAdminNetworkPolicy} of v1alpha1, as the API
 * server would accept them (each version with its own limits and field names).
 *
 * <p>A subject, peer or port entry must have exactly one of the fields its version knows. One
 * with only fields this version does not know (a newer peer kind, or {@code networks} in an
 * ingress peer, which knows only {@code namespaces} and {@code pods}) is no error: it becomes the
 * model's {@code Unknown} entry and fails closed. One with no field at all is an error.
 * Unknown fields beside a known one are ignored, as everywhere else.
 */
final class ClusterPolicyReader {
    private ClusterPolicyReader() {}

    static final String V1ALPHA2 = "policy.networking.k8s.io/v1alpha2";
    static final String V1ALPHA1 = "policy.networking.k8s.io/v1alpha1";

    private static final int MAX_PRIORITY = 1000;
    private static final int MAX_RULE_NAME = 100;
    /** The API's DomainName pattern: labels of letters, digits, '-' and '_', optionally '*.' first and one '.' last. */
    private static final Pattern DOMAIN_NAME = Pattern.compile(
            "(\\*\\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?");

    private static final List<String> SUBJECT_FIELDS = List.of("namespaces", "pods");
    private static final List<String> INGRESS_PEER_FIELDS = List.of("namespaces", "pods");
    private static final List<String> EGRESS_PEER_FIELDS = List.of("namespaces", "pods", "networks", "nodes",
            "domainNames");
    private static final List<String> PROTOCOL_FIELDS = List.of("tcp", "udp", "sctp", "destinationNamedPort");
    private static final List<String> PORT_FIELDS = List.of("portNumber", "namedPort", "portRange");

    /** The most a version allows: rules per direction, peers per rule, port entries per rule, items of a peer list. */
    private record Limits(String version, int rules, int peers, int ports, int networks, int domainNames) {}

    private static final Limits V1ALPHA2_LIMITS = new Limits("v1alpha2", 25, 25, 25, 25, 25);
    private static final Limits V1ALPHA1_LIMITS = new Limits("v1alpha1", 100, 100, 100, 25, 25);

    /** The apiVersion a kind is read from; other versions of its group are skipped unexamined. */
    static String apiVersion(ClusterPolicyKind kind) {
        return kind == ClusterPolicyKind.ClusterNetworkPolicy ? V1ALPHA2 : V1ALPHA1;
    }

    /** The cluster-tier kind of an object of this kind and apiVersion, or null when it is none of ours. */
    static ClusterPolicyKind kindOf(String kind, Object apiVersion) {
        for (ClusterPolicyKind k : ClusterPolicyKind.values()) {
            if (k.name().equals(kind) && apiVersion(k).equals(apiVersion)) {
                return k;
            }
        }
        return null;
    }

    /** The policy {@code object} (the whole manifest: its name is checked too) of {@code kind}. */
    static ClusterPolicy read(ClusterPolicyKind kind, String name, Field object, SourceRef source) {
        Reading reading = new Reading(kind);
        if (kind == ClusterPolicyKind.BaselineAdminNetworkPolicy && !name.equals("default")) {
            throw object.get("metadata").get("name").invalid("a BaselineAdminNetworkPolicy must be named 'default'"
                    + " (the only name the API accepts), not " + Field.quote(name));
        }
        Field spec = object.get("spec");
        PolicyTier tier = reading.tier(spec);
        int priority = reading.priority(spec);
        TierSubject subject = reading.subject(spec.get("subject"));
        List<TierRule> ingress = reading.rules(spec.get("ingress"), true);
        List<TierRule> egress = reading.rules(spec.get("egress"), false);
        Map<String, Object> data;
        try {
            data = PolicySpecs.canonical(spec.value());
        } catch (IllegalArgumentException e) {
            throw spec.invalid(e.getMessage());
        }
        return new ClusterPolicy(kind, name, tier, priority, subject, ingress, egress, source, data);
    }

    /** The reading of one policy: its kind decides the field names, actions and limits. */
    private static final class Reading {
        private final ClusterPolicyKind kind;
        private final Limits limits;
        private final boolean v1alpha1;

        Reading(ClusterPolicyKind kind) {
            this.kind = kind;
            this.v1alpha1 = kind != ClusterPolicyKind.ClusterNetworkPolicy;
            this.limits = v1alpha1 ? V1ALPHA1_LIMITS : V1ALPHA2_LIMITS;
        }

        PolicyTier tier(Field spec) {
            return switch (kind) {
                case AdminNetworkPolicy -> PolicyTier.ADMIN;
                case BaselineAdminNetworkPolicy -> PolicyTier.BASELINE;
                case ClusterNetworkPolicy -> {
                    Field field = spec.get("tier");
                    String value = field.requiredString();
                    PolicyTier tier = PolicyTier.byWireName(value);
                    if (tier == null) {
                        throw field.invalid("unknown tier " + Field.quote(value) + ", expected Admin or Baseline");
                    }
                    yield tier;
                }
            };
        }

        /** 0..1000 and required; a BaselineAdminNetworkPolicy has none (a {@code priority} on it is not read). */
        int priority(Field spec) {
            if (kind == ClusterPolicyKind.BaselineAdminNetworkPolicy) {
                return ClusterPolicy.NO_PRIORITY;
            }
            Field field = spec.get("priority");
            long priority = field.integer();
            if (priority < 0 || priority > MAX_PRIORITY) {
                throw field.invalid("priority " + Field.shorten(String.valueOf(field.value())) + " is outside 0.."
                        + MAX_PRIORITY);
            }
            return (int) priority;
        }

        TierSubject subject(Field subject) {
            if (subject.absent()) {
                throw subject.invalid("missing: a subject needs namespaces or pods");
            }
            Map.Entry<String, Field> one = exactlyOne(subject, "a subject", SUBJECT_FIELDS);
            if (one == null) {
                return new TierSubject.Unknown();
            }
            return switch (one.getKey()) {
                case "namespaces" -> new TierSubject.Namespaces(LabelReader.selector(one.getValue()));
                default -> {
                    Pods pods = pods(one.getValue());
                    yield new TierSubject.Pods(pods.namespaceSelector(), pods.podSelector());
                }
            };
        }

        List<TierRule> rules(Field list, boolean ingress) {
            List<Field> rules = list.items();
            if (rules.size() > limits.rules()) {
                throw list.invalid(rules.size() + " rules, at most " + limits.rules() + " per direction in "
                        + limits.version());
            }
            List<TierRule> out = new ArrayList<>(rules.size());
            for (Field rule : rules) {
                out.add(rule(rule, ingress));
            }
            return out;
        }

        private TierRule rule(Field rule, boolean ingress) {
            rule.mapping();
            Field nameField = rule.get("name");
            String name = nameField.string();
            if (name != null && name.length() > MAX_RULE_NAME) {
                throw nameField.invalid("a rule name of " + name.length() + " characters, at most " + MAX_RULE_NAME);
            }
            if (name != null && name.isEmpty()) {
                name = null;
            }
            RuleAction action = action(rule.get("action"));
            Field peersField = rule.get(ingress ? "from" : "to");
            List<Field> peerFields = peersField.items();
            if (peerFields.isEmpty()) {
                throw peersField.invalid((peersField.absent() ? "missing" : "empty")
                        + ": a rule needs at least one peer");
            }
            if (peerFields.size() > limits.peers()) {
                throw peersField.invalid(peerFields.size() + " peers, at most " + limits.peers() + " per rule in "
                        + limits.version());
            }
            List<TierPeer> peers = new ArrayList<>(peerFields.size());
            Field noNamedPorts = null;
            for (Field peer : peerFields) {
                TierPeer read = ingress ? ingressPeer(peer) : egressPeer(peer, action);
                if (noNamedPorts == null && (read instanceof TierPeer.Networks || read instanceof TierPeer.Nodes
                        || read instanceof TierPeer.DomainNames)) {
                    noNamedPorts = peer;
                }
                peers.add(read);
            }
            List<TierPort> ports = ports(rule.get(kind == ClusterPolicyKind.ClusterNetworkPolicy ? "protocols" : "ports"),
                    noNamedPorts);
            return new TierRule(name, action, peers, ports);
        }

        private RuleAction action(Field field) {
            String value = field.requiredString();
            String accept = RuleAction.ACCEPT.wireName(kind);
            RuleAction action = null;
            if (value.equals(accept)) {
                action = RuleAction.ACCEPT;
            } else if (value.equals("Deny")) {
                action = RuleAction.DENY;
            } else if (value.equals("Pass") && kind != ClusterPolicyKind.BaselineAdminNetworkPolicy) {
                action = RuleAction.PASS;
            }
            if (action == null) {
                String expected = kind == ClusterPolicyKind.BaselineAdminNetworkPolicy
                        ? accept + " or Deny" : accept + ", Deny or Pass";
                throw field.invalid("unknown action " + Field.quote(value) + ", expected " + expected + " ("
                        + kind.name() + ")");
            }
            return action;
        }

        private TierPeer ingressPeer(Field peer) {
            Map.Entry<String, Field> one = exactlyOne(peer, "an ingress peer", INGRESS_PEER_FIELDS);
            return one == null ? new TierPeer.Unknown() : selectorPeer(one);
        }

        private TierPeer egressPeer(Field peer, RuleAction action) {
            Map.Entry<String, Field> one = exactlyOne(peer, "an egress peer", EGRESS_PEER_FIELDS);
            if (one == null) {
                return new TierPeer.Unknown();
            }
            Field value = one.getValue();
            return switch (one.getKey()) {
                case "networks" -> {
                    List<Cidr> cidrs = new ArrayList<>();
                    for (Field item : items(value, "networks", limits.networks())) {
                        cidrs.add(PolicyReader.cidr(item, item.requiredString()));
                    }
                    yield new TierPeer.Networks(cidrs);
                }
                case "nodes" -> new TierPeer.Nodes(LabelReader.selector(value));
                case "domainNames" -> {
                    if (kind == ClusterPolicyKind.BaselineAdminNetworkPolicy) {
                        throw value.invalid("a BaselineAdminNetworkPolicy peer cannot have domainNames");
                    }
                    if (action != RuleAction.ACCEPT) {
                        throw value.invalid("domainNames are allowed only in rules whose action is "
                                + RuleAction.ACCEPT.wireName(kind) + ", not " + action.wireName(kind));
                    }
                    List<String> names = new ArrayList<>();
                    for (Field item : items(value, "domainNames", limits.domainNames())) {
                        String domain = item.requiredString();
                        if (!DOMAIN_NAME.matcher(domain).matches()) {
                            throw item.invalid(Field.quote(domain) + " is not a domain name (labels of letters,"
                                    + " digits, '-' and '_' joined by '.', optionally '*.' first and one '.' last)");
                        }
                        names.add(domain);
                    }
                    yield new TierPeer.DomainNames(names);
                }
                default -> selectorPeer(one);
            };
        }

        private TierPeer selectorPeer(Map.Entry<String, Field> one) {
            if (one.getKey().equals("namespaces")) {
                return new TierPeer.Namespaces(LabelReader.selector(one.getValue()));
            }
            Pods pods = pods(one.getValue());
            return new TierPeer.Pods(pods.namespaceSelector(), pods.podSelector());
        }

        private record Pods(LabelSelector namespaceSelector, LabelSelector podSelector) {}

        /** {@code podSelector} required; {@code namespaceSelector} required in v1alpha1, absent (every namespace) allowed in v1alpha2. */
        private Pods pods(Field pods) {
            pods.mapping();
            Field namespaceSelector = pods.get("namespaceSelector");
            Field podSelector = pods.get("podSelector");
            if (podSelector.absent()) {
                throw podSelector.invalid("missing: pods needs a podSelector ({} selects every pod)");
            }
            if (namespaceSelector.absent() && v1alpha1) {
                throw namespaceSelector.invalid("missing: in v1alpha1 pods needs a namespaceSelector too ({} selects"
                        + " every namespace)");
            }
            return new Pods(namespaceSelector.absent() ? null : LabelReader.selector(namespaceSelector),
                    LabelReader.selector(podSelector));
        }

        /** A peer's list of at least one and at most {@code max} items. */
        private List<Field> items(Field list, String what, int max) {
            List<Field> items = list.items();
            if (items.isEmpty()) {
                throw list.invalid("empty: " + what + " needs at least one item");
            }
            if (items.size() > max) {
                throw list.invalid(items.size() + " items, at most " + max + " " + what + " in " + limits.version());
            }
            return items;
        }

        /**
         * {@code protocols} (v1alpha2) or {@code ports} (v1alpha1): absent is every protocol and port;
         * given, 1 to the version's limit of entries. {@code noNamedPorts} is a peer of the rule that
         * has no named ports (networks, nodes, domainNames), or null.
         */
        private List<TierPort> ports(Field list, Field noNamedPorts) {
            if (list.absent()) {
                return List.of();
            }
            String what = v1alpha1 ? "ports" : "protocols";
            List<Field> entries = list.items();
            if (entries.isEmpty()) {
                throw list.invalid("empty: " + what + " needs at least one entry when given");
            }
            if (entries.size() > limits.ports()) {
                throw list.invalid(entries.size() + " entries, at most " + limits.ports() + " " + what + " in "
                        + limits.version());
            }
            List<TierPort> out = new ArrayList<>(entries.size());
            for (Field entry : entries) {
                TierPort port = v1alpha1 ? portEntry(entry) : protocolEntry(entry);
                if (port instanceof TierPort.Named named && noNamedPorts != null) {
                    throw entry.invalid("the named port " + Field.quote(named.name()) + " cannot be used in a rule"
                            + " with a networks, nodes or domainNames peer (" + step(noNamedPorts) + "): they have"
                            + " no named ports");
                }
                out.add(port);
            }
            return out;
        }

        /** A v1alpha2 protocol entry: {@code tcp}, {@code udp}, {@code sctp} or {@code destinationNamedPort}. */
        private TierPort protocolEntry(Field entry) {
            Map.Entry<String, Field> one = exactlyOne(entry, "a protocol entry", PROTOCOL_FIELDS);
            if (one == null) {
                return new TierPort.Unknown();
            }
            Field value = one.getValue();
            return switch (one.getKey()) {
                case "destinationNamedPort" -> new TierPort.Named(namedPort(value));
                default -> {
                    Protocol protocol = Protocol.valueOf(one.getKey().toUpperCase(java.util.Locale.ROOT));
                    value.mapping();
                    Field destination = value.get("destinationPort");
                    if (destination.absent()) {
                        throw destination.invalid("missing: " + one.getKey() + " needs a destinationPort");
                    }
                    Map.Entry<String, Field> port = exactlyOne(destination, "a destinationPort",
                            List.of("number", "range"));
                    if (port == null) {
                        throw destination.invalid("a destinationPort needs number or range");
                    }
                    if (port.getKey().equals("number")) {
                        int number = PodSpecReader.portNumber(port.getValue());
                        yield new TierPort.Range(protocol, number, number);
                    }
                    yield range(protocol, port.getValue());
                }
            };
        }

        /** A v1alpha1 {@code ports} entry: {@code portNumber}, {@code namedPort} or {@code portRange}. */
        private TierPort portEntry(Field entry) {
            Map.Entry<String, Field> one = exactlyOne(entry, "a ports entry", PORT_FIELDS);
            if (one == null) {
                return new TierPort.Unknown();
            }
            Field value = one.getValue();
            return switch (one.getKey()) {
                case "namedPort" -> new TierPort.Named(namedPort(value));
                case "portNumber" -> {
                    value.mapping();
                    Protocol protocol = PodSpecReader.protocol(value.get("protocol"));
                    int number = PodSpecReader.portNumber(value.get("port"));
                    yield new TierPort.Range(protocol, number, number);
                }
                default -> {
                    value.mapping();
                    yield range(PodSpecReader.protocol(value.get("protocol")), value);
                }
            };
        }

        /** {@code {start, end}}, both 1..65535, start below end. */
        private static TierPort range(Protocol protocol, Field range) {
            range.mapping();
            int start = PodSpecReader.portNumber(range.get("start"));
            Field endField = range.get("end");
            int end = PodSpecReader.portNumber(endField);
            if (start >= end) {
                throw endField.invalid("a port range must start below its end, not " + start + ".." + end);
            }
            return new TierPort.Range(protocol, start, end);
        }

        /** A container port name; one that is not a valid name can never match, but it is what was written. */
        private static String namedPort(Field field) {
            return field.requiredString();
        }
    }

    /**
     * The one field of {@code known} that {@code entry} has (as its key and value), or null when it
     * has only fields not in {@code known}; an entry with two or more known fields, or with none at
     * all, is invalid.
     */
    private static Map.Entry<String, Field> exactlyOne(Field entry, String what, List<String> known) {
        List<Map.Entry<String, Field>> present = new ArrayList<>();
        boolean unknown = false;
        for (Map.Entry<String, Field> e : entry.entries()) {
            if (e.getValue().absent()) {
                continue;
            }
            if (known.contains(e.getKey())) {
                present.add(e);
            } else {
                unknown = true;
            }
        }
        if (present.size() > 1) {
            throw entry.invalid(what + " must have exactly one of " + alternatives(known) + ", not "
                    + String.join(" and ", present.stream().map(Map.Entry::getKey).toList()));
        }
        if (present.isEmpty() && !unknown) {
            throw entry.invalid(what + " needs one of " + alternatives(known));
        }
        return present.isEmpty() ? null : present.getFirst();
    }

    /** {@code a, b or c}. */
    private static String alternatives(List<String> names) {
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }

    /** The last step of a field's path: {@code to[1]} of {@code spec.egress[0].to[1]}. */
    private static String step(Field field) {
        String path = field.path();
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
