package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumEntity;
import dev.netpolauditor.model.cilium.CiliumEntry;
import dev.netpolauditor.model.cilium.CiliumPeer;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import dev.netpolauditor.model.cilium.CiliumPort;
import dev.netpolauditor.model.cilium.CiliumPortRule;
import dev.netpolauditor.model.cilium.CiliumRule;
import dev.netpolauditor.model.cilium.CiliumSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and validates Cilium's {@code cilium.io/v2} CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy (cni-policies.md, "Cilium: objects and selection" and "Cilium:
 * invalid input and refused policies"): what the CRD schema rejects is invalid input; what the
 * API server accepts but the Cilium agent refuses makes the whole object refused (kept, with the
 * reason, for NP-CIL-003, and enforcing nothing).
 */
final class CiliumReader {
    private CiliumReader() {}

    static final int MAX_PORTS = 40;
    /** Cilium's port pattern: a number 0..65535, or a name of letters, digits and single '-', with a letter. */
    private static final Pattern PORT_NAME = Pattern.compile("([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*");
    private static final List<String> NEWER_PROTOCOLS = List.of("VRRP", "IGMP", "GRE", "IPIP", "IPV6", "ESP", "AH");
    private static final List<String> L7_KINDS = List.of("http", "kafka", "dns", "l7proto");

    /** The {@code cilium-config} ConfigMap's data, as strings. */
    static CiliumConfig config(String namespace, Field object, SourceRef source) {
        Map<String, String> data = new TreeMap<>();
        for (Map.Entry<String, Field> e : object.get("data").entries()) {
            String value = e.getValue().string();
            data.put(e.getKey(), value == null ? "" : value);
        }
        return new CiliumConfig(namespace, data, source);
    }

    /** A CiliumNetworkPolicy ({@code namespace} given) or CiliumClusterwideNetworkPolicy. */
    static CiliumPolicy policy(String namespace, String name, Field object, CiliumConfig config, SourceRef source) {
        Reading reading = new Reading(namespace == null, config);
        List<CiliumRule> rules = new ArrayList<>();
        Field spec = object.get("spec");
        if (!spec.absent()) {
            rules.add(reading.rule(spec, ""));
        }
        Field specs = object.get("specs");
        for (Field rule : specs.items()) {
            rules.add(reading.rule(rule, rule.path()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            if (!spec.absent()) {
                data.put("spec", PolicySpecs.canonical(spec.value()));
            }
            if (!specs.absent()) {
                data.put("specs", PolicySpecs.canonical(Map.of("x", specs.value())).get("x"));
            }
        } catch (IllegalArgumentException e) {
            throw spec.invalid(e.getMessage());
        }
        return new CiliumPolicy(namespace, name, rules, reading.refusal, source, data);
    }

    /** The reading of one policy: whether it is clusterwide, the options that decide refusals, the first refusal. */
    private static final class Reading {
        private final CiliumConfig config;
        private String refusal;

        Reading(boolean clusterwide, CiliumConfig config) {
            this.config = config;
        }

        private void refuse(Field field, String reason) {
            if (refusal == null) {
                refusal = field.path() + ": " + reason;
            }
        }

        CiliumRule rule(Field rule, String path) {
            rule.mapping();
            Field endpointSelector = rule.get("endpointSelector");
            Field nodeSelector = rule.get("nodeSelector");
            if (endpointSelector.absent() == nodeSelector.absent()) {
                throw rule.invalid("a rule needs exactly one of endpointSelector and nodeSelector"
                        + (endpointSelector.absent() ? "" : ", not both"));
            }
            if (rule.get("ingress").absent() && rule.get("ingressDeny").absent() && rule.get("egress").absent()
                    && rule.get("egressDeny").absent()) {
                throw rule.invalid("a rule needs ingress, ingressDeny, egress or egressDeny");
            }
            CiliumSelector subject = endpointSelector.absent() ? null : selector(endpointSelector);
            if (!nodeSelector.absent()) {
                selector(nodeSelector); // validated; a host policy is not modelled
            }
            List<CiliumEntry> ingress = entries(rule.get("ingress"), true, false);
            List<CiliumEntry> ingressDeny = entries(rule.get("ingressDeny"), true, true);
            List<CiliumEntry> egress = entries(rule.get("egress"), false, false);
            List<CiliumEntry> egressDeny = entries(rule.get("egressDeny"), false, true);
            Field defaultDeny = rule.get("enableDefaultDeny");
            defaultDeny.mapping();
            Boolean in = defaultDeny.get("ingress").absent() ? null : defaultDeny.get("ingress").bool(true);
            Boolean out = defaultDeny.get("egress").absent() ? null : defaultDeny.get("egress").bool(true);
            return new CiliumRule(path, subject, ingress, ingressDeny, egress, egressDeny, in, out);
        }

        private List<CiliumEntry> entries(Field list, boolean ingress, boolean deny) {
            List<CiliumEntry> out = new ArrayList<>();
            for (Field entry : list.items()) {
                out.add(entry(entry, ingress, deny));
            }
            return out;
        }

        private CiliumEntry entry(Field entry, boolean ingress, boolean deny) {
            entry.mapping();
            String dir = ingress ? "from" : "to";
            List<CiliumPeer> peers = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            boolean peerFields = false;
            Field endpoints = entry.get(dir + "Endpoints");
            if (!endpoints.absent()) {
                peerFields = true;
                for (Field selector : endpoints.items()) {
                    peers.add(new CiliumPeer.Endpoints(selector(selector), location(selector)));
                }
                kind(kinds, endpoints, "endpoints");
            }
            Field cidrs = entry.get(dir + "CIDR");
            if (!cidrs.absent()) {
                peerFields = true;
                for (Field cidr : cidrs.items()) {
                    peers.add(new CiliumPeer.Cidrs(cidr(cidr), List.of(), location(cidr)));
                }
                kind(kinds, cidrs, "CIDR");
            }
            Field cidrSets = entry.get(dir + "CIDRSet");
            if (!cidrSets.absent()) {
                peerFields = true;
                for (Field set : cidrSets.items()) {
                    peers.add(cidrSet(set));
                }
                kind(kinds, cidrSets, "CIDRSet");
            }
            Field entities = entry.get(dir + "Entities");
            if (!entities.absent()) {
                peerFields = true;
                for (Field entity : entities.items()) {
                    String text = entity.requiredString();
                    CiliumEntity e = CiliumEntity.byWireName(text);
                    if (e == null) {
                        throw entity.invalid("unknown entity " + Field.quote(text) + ", expected all, world, world-ipv4,"
                                + " world-ipv6, cluster, host, init, ingress, unmanaged, remote-node, health, none or"
                                + " kube-apiserver");
                    }
                    peers.add(new CiliumPeer.Entity(e, location(entity)));
                }
                kind(kinds, entities, "entities");
            }
            for (String field : ingress ? List.of("fromGroups", "fromNodes")
                    : List.of("toGroups", "toNodes", "toServices", "toFQDNs")) {
                Field f = entry.get(field);
                if (!f.absent()) {
                    peerFields = true;
                    List<Field> items = f.items();
                    for (Field item : items) {
                        if (field.endsWith("Nodes")) {
                            selector(item);
                        }
                        peers.add(new CiliumPeer.Unmodelled(location(item)));
                    }
                    kind(kinds, f, field.substring(dir.length()));
                    if (field.endsWith("Nodes") && !items.isEmpty() && !config.nodeSelectorLabels()) {
                        refuse(f, field + " needs the agent option enable-node-selector-labels");
                    }
                }
            }
            if (kinds.size() > 1) {
                refuse(entry, "an entry may name one kind of peer, not " + String.join(" and ", kinds));
            }
            Field toPorts = entry.get("toPorts");
            List<CiliumPortRule> ports = toPorts.absent() ? null : portRules(toPorts, ingress, deny);
            Field icmps = entry.get("icmps");
            if (!icmps.absent() && !toPorts.absent()) {
                refuse(entry, "icmps cannot be combined with toPorts");
            }
            boolean authentication = !entry.get("authentication").absent();
            return new CiliumEntry(peers, peerFields, ports, !icmps.absent(), authentication);
        }

        private static void kind(List<String> kinds, Field list, String kind) {
            if (!list.items().isEmpty()) {
                kinds.add(kind);
            }
        }

        private CiliumPeer cidrSet(Field set) {
            set.mapping();
            List<String> given = new ArrayList<>();
            for (String key : List.of("cidr", "cidrGroupRef", "cidrGroupSelector")) {
                if (!set.get(key).absent()) {
                    given.add(key);
                }
            }
            if (given.size() != 1) {
                throw set.invalid("a CIDRSet entry needs exactly one of cidr, cidrGroupRef and cidrGroupSelector"
                        + (given.isEmpty() ? "" : ", not " + String.join(" and ", given)));
            }
            if (!given.getFirst().equals("cidr")) {
                if (given.getFirst().equals("cidrGroupSelector")) {
                    selector(set.get("cidrGroupSelector"));
                }
                return new CiliumPeer.Unmodelled(location(set));
            }
            Cidr cidr = cidr(set.get("cidr"));
            List<Cidr> except = new ArrayList<>();
            for (Field e : set.get("except").items()) {
                Cidr x = cidr(e);
                if (x.isV4() != cidr.isV4() || x.prefix() < cidr.prefix() || !cidr.contains(x.network())) {
                    refuse(e, Field.quote(x.text()) + " is not inside its cidr " + Field.quote(cidr.text()));
                }
                except.add(x);
            }
            return new CiliumPeer.Cidrs(cidr, except, location(set));
        }

        /** A CIDR ({@code format: cidr}); a bare address is accepted as its /32 or /128 <b>(choice)</b>. */
        private static Cidr cidr(Field field) {
            String text = field.requiredString();
            if (!text.contains("/")) {
                try {
                    IpAddress address = IpAddress.parse(text);
                    return Cidr.parse(text + (address.isV4() ? "/32" : "/128"));
                } catch (IllegalArgumentException e) {
                    throw field.invalid(Field.quote(text) + " is not a CIDR (address/prefix) nor an address");
                }
            }
            return PolicyReader.cidr(field, text);
        }

        private List<CiliumPortRule> portRules(Field list, boolean ingress, boolean deny) {
            List<CiliumPortRule> out = new ArrayList<>();
            for (Field rule : list.items()) {
                rule.mapping();
                Field portsField = rule.get("ports");
                List<Field> items = portsField.items();
                if (items.size() > MAX_PORTS) {
                    throw portsField.invalid(items.size() + " ports, at most " + MAX_PORTS);
                }
                List<CiliumPort> ports = new ArrayList<>();
                List<String> protocols = new ArrayList<>();
                for (Field port : items) {
                    Field protocolField = port.get("protocol");
                    String protocol = protocolField.string();
                    protocol = protocol == null || protocol.isEmpty() ? "ANY" : protocol;
                    ports.add(port(port, protocol));
                    protocols.add(protocol);
                }
                Field rules = rule.get("rules");
                boolean l7 = false;
                if (!deny && !rules.absent()) {
                    rules.mapping();
                    List<String> kinds = new ArrayList<>();
                    for (String kind : L7_KINDS) {
                        if (!rules.get(kind).absent()) {
                            kinds.add(kind);
                        }
                    }
                    if (kinds.size() > 1) {
                        throw rules.invalid("one kind of L7 rules per port rule, not " + String.join(" and ", kinds));
                    }
                    l7 = !kinds.isEmpty();
                    boolean dns = kinds.contains("dns");
                    if (dns && ingress) {
                        refuse(rules, "DNS rules are allowed only in egress");
                    }
                    if (l7 && items.isEmpty()) {
                        refuse(rules, dns ? "DNS rules need ports" : "L7 rules need ports");
                    }
                    for (int i = 0; l7 && i < ports.size(); i++) {
                        String protocol = protocols.get(i);
                        if (!dns && !protocol.equals("TCP") && !protocol.equals("ANY")) {
                            refuse(items.get(i), "L7 rules apply to TCP ports only, not " + protocol);
                        }
                        if (ports.get(i).allPorts()) {
                            refuse(items.get(i), "L7 rules cannot apply to port 0 (every port)");
                        }
                    }
                }
                boolean refinements = !deny && (!rule.get("terminatingTLS").absent()
                        || !rule.get("originatingTLS").absent() || !rule.get("serverNames").absent()
                        || !rule.get("listener").absent());
                out.add(new CiliumPortRule(ports, l7, refinements));
            }
            return out;
        }

        private static CiliumPort port(Field port, String protocol) {
            port.mapping();
            List<Protocol> protocols = switch (protocol) {
                case "ANY" -> List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP);
                case "TCP" -> List.of(Protocol.TCP);
                case "UDP" -> List.of(Protocol.UDP);
                case "SCTP" -> List.of(Protocol.SCTP);
                default -> {
                    if (!NEWER_PROTOCOLS.contains(protocol)) {
                        throw port.get("protocol").invalid("unknown protocol " + Field.quote(protocol)
                                + ", expected TCP, UDP, SCTP or ANY");
                    }
                    yield List.of(); // a protocol of no connection of the model
                }
            };
            Field portField = port.get("port");
            Object value = portField.value();
            String name = null;
            int first = 0;
            if (value != null) {
                String text = portField.isInteger() ? Long.toString(portField.integer())
                        : value instanceof String s ? s : null;
                if (text == null) {
                    throw portField.invalid("expected a port number or name, got " + Field.describe(value));
                }
                if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() <= 5
                        && Integer.parseInt(text) <= 65535) {
                    first = Integer.parseInt(text);
                } else if (!text.isEmpty() && text.length() <= 15 && PORT_NAME.matcher(text).matches()) {
                    name = text;
                } else {
                    throw portField.invalid(Field.quote(text) + " is neither a port 0..65535 nor a port name");
                }
            }
            int last = first;
            Field endPort = port.get("endPort");
            if (!endPort.absent()) {
                long end = endPort.integer();
                if (end < 0 || end > 65535) {
                    throw endPort.invalid("endPort " + end + " is outside 0..65535");
                }
                if (name == null && first != 0 && end > first) {
                    last = (int) end; // endPort below port: port alone (choice)
                }
            }
            return new CiliumPort(name, first, last, protocols);
        }
    }

    /**
     * An endpoint selector: a label selector whose keys may carry a source prefix ({@code k8s:},
     * {@code any:} as none; another matches no pod).
     */
    static CiliumSelector selector(Field field) {
        field.mapping();
        boolean otherSource = false;
        Map<String, String> matchLabels = new TreeMap<>();
        for (Map.Entry<String, Field> e : field.get("matchLabels").entries()) {
            Key key = key(e.getValue(), e.getKey());
            otherSource |= key.otherSource();
            Object v = e.getValue().value();
            if (!(v instanceof String value)) {
                throw e.getValue().invalid("label value must be a string, got " + Field.describe(v) + " (quote it)");
            }
            String problem = KubeNames.labelValueProblem(value);
            if (problem != null) {
                throw e.getValue().invalid(problem);
            }
            matchLabels.put(key.key(), value);
        }
        // the expressions are read as for any label selector, their keys then stripped of their source
        LabelSelector expressions = LabelReader.selector(new Field(field.path(), Map.of("matchExpressions",
                stripKeys(field.get("matchExpressions")))));
        List<SelectorRequirement> requirements = new ArrayList<>();
        for (Field expression : field.get("matchExpressions").items()) {
            Key key = key(expression.get("key"), expression.get("key").requiredString());
            otherSource |= key.otherSource();
        }
        requirements.addAll(expressions.matchExpressions());
        return new CiliumSelector(new LabelSelector(matchLabels, requirements), otherSource);
    }

    /** A field's location inside the policy as findings name it: {@code ingress[0].fromEndpoints[1]}, {@code specs[2]...}. */
    static String location(Field field) {
        String path = field.path();
        return path.startsWith("spec.") ? path.substring("spec.".length()) : path;
    }

    private record Key(String key, boolean otherSource) {}

    /** A key without its source prefix; {@code k8s} and {@code any} are no restriction. */
    private static Key key(Field at, String raw) {
        int colon = raw.indexOf(':');
        String source = colon > 0 ? raw.substring(0, colon) : null;
        String key = colon > 0 ? raw.substring(colon + 1) : raw;
        String problem = KubeNames.labelKeyProblem(key);
        if (problem != null) {
            throw at.invalid(problem);
        }
        return new Key(key, source != null && !source.equals("k8s") && !source.equals("any"));
    }

    private static List<Object> stripKeys(Field expressions) {
        List<Object> out = new ArrayList<>();
        for (Field expression : expressions.items()) {
            Map<Object, Object> copy = new LinkedHashMap<>(expression.mapping());
            if (copy.get("key") instanceof String raw && raw.indexOf(':') > 0) {
                copy.put("key", raw.substring(raw.indexOf(':') + 1));
            }
            out.add(copy);
        }
        return out;
    }
}
