package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.calico.CalicoAction;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoPolicyKind;
import dev.netpolauditor.model.calico.CalicoPort;
import dev.netpolauditor.model.calico.CalicoProtocol;
import dev.netpolauditor.model.calico.CalicoRule;
import dev.netpolauditor.model.calico.CalicoSelector;
import dev.netpolauditor.model.calico.CalicoSelectorException;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.EntityRule;
import dev.netpolauditor.model.calico.IcmpMatch;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.calico.ServiceAccountMatch;
import dev.netpolauditor.model.calico.ServiceMatch;
import dev.netpolauditor.model.calico.StagedPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and validates Calico's {@code projectcalico.org/v3} objects (cni-policies.md, "Calico:
 * objects" and "Calico: invalid input") as the Calico API server and its CRD validation would
 * accept them: NetworkPolicy, GlobalNetworkPolicy, Tier, NetworkSet, GlobalNetworkSet and the
 * staged policy kinds (read only to be reported).
 */
final class CalicoReader {
    private CalicoReader() {}

    static final int MAX_SELECTOR = 1024;
    static final int MAX_RULES = 1024;
    static final int MAX_PORTS = 50;
    static final int MAX_NETS = 256;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_NAME = 253;

    /** A NetworkPolicy ({@code namespace} given) or GlobalNetworkPolicy ({@code namespace} null). */
    static CalicoPolicy policy(CalicoPolicyKind kind, String namespace, String name, Field object, SourceRef source) {
        Field metadata = object.get("metadata");
        policyName(metadata.get("name"), name);
        Field spec = object.get("spec");
        boolean global = kind == CalicoPolicyKind.GLOBAL_NETWORK_POLICY;
        String tier = tierReference(spec.get("tier"));
        Double order = order(spec.get("order"));
        CalicoSelector selector = selector(spec.get("selector"), false);
        CalicoSelector serviceAccountSelector = selector(spec.get("serviceAccountSelector"), false);
        CalicoSelector namespaceSelector = global ? selector(spec.get("namespaceSelector"), false) : null;
        List<PolicyType> types = types(spec.get("types"));
        List<CalicoRule> ingress = rules(spec.get("ingress"), PolicyType.INGRESS, global);
        List<CalicoRule> egress = rules(spec.get("egress"), PolicyType.EGRESS, global);
        boolean doNotTrack = global && spec.get("doNotTrack").bool(false);
        boolean preDNAT = global && spec.get("preDNAT").bool(false);
        boolean applyOnForward = global && spec.get("applyOnForward").bool(false);
        if (doNotTrack && preDNAT) {
            throw spec.get("preDNAT").invalid("preDNAT and doNotTrack cannot both be true");
        }
        if (preDNAT && (!egress.isEmpty() || types.contains(PolicyType.EGRESS))) {
            throw spec.get("preDNAT").invalid("a preDNAT policy cannot have egress rules or the Egress type");
        }
        if ((doNotTrack || preDNAT) && !applyOnForward) {
            throw spec.get("applyOnForward").invalid("must be true when " + (doNotTrack ? "doNotTrack" : "preDNAT")
                    + " is true");
        }
        return new CalicoPolicy(kind, namespace, name, tier, order, selector == null ? CalicoSelector.ALL : selector,
                namespaceSelector, serviceAccountSelector, types, ingress, egress, doNotTrack, preDNAT,
                applyOnForward, source, canonical(spec));
    }

    /** A Tier: a DNS label name; a built-in tier keeps its order and action. */
    static CalicoTier tier(String name, Field object, SourceRef source) {
        Field nameField = object.get("metadata").get("name");
        dnsLabel(nameField, name, "a tier name");
        Field spec = object.get("spec");
        Double order = order(spec.get("order"));
        Field actionField = spec.get("defaultAction");
        CalicoTier.TierDefault action = CalicoTier.TierDefault.DENY;
        if (!actionField.absent()) {
            String text = actionField.requiredString();
            action = CalicoTier.TierDefault.byWireName(text);
            if (action == null) {
                throw actionField.invalid("unknown defaultAction " + Field.quote(text) + ", expected Deny or Pass");
            }
        }
        String canonical = CalicoTier.canonicalName(name);
        CalicoTier builtIn = CalicoTier.builtIn(canonical);
        if (builtIn != null) {
            if (order != null && !order.equals(builtIn.order())) {
                throw spec.get("order").invalid("the built-in tier " + name + " has order "
                        + number(builtIn.order()) + ", not " + number(order));
            }
            if (!actionField.absent() && action != builtIn.defaultAction()) {
                throw actionField.invalid("the built-in tier " + name + " has defaultAction "
                        + builtIn.defaultAction().wireName() + ", not " + action.wireName());
            }
            return new CalicoTier(canonical, builtIn.order(), builtIn.defaultAction(), source, canonical(spec));
        }
        return new CalicoTier(canonical, order, action, source, canonical(spec));
    }

    /** A NetworkSet ({@code namespace} given) or GlobalNetworkSet: its labels and nets (addresses or CIDRs, host bits allowed). */
    static NetworkSet networkSet(String namespace, String name, Map<String, String> labels, Field object,
            SourceRef source) {
        if (namespace != null && labels.containsKey("projectcalico.org/namespace")) {
            throw object.get("metadata").get("labels").invalid("a NetworkSet cannot carry the label "
                    + "projectcalico.org/namespace: Calico sets it to the set's namespace");
        }
        Field spec = object.get("spec");
        List<Cidr> nets = new ArrayList<>();
        for (Field net : spec.get("nets").items()) {
            String text = net.requiredString();
            nets.add(text.contains("/") ? PolicyReader.cidr(net, text) : address(net, text));
        }
        return new NetworkSet(namespace, name, labels, nets, source, canonical(spec));
    }

    /** A staged policy: never enforced, read for NP-CAL-008 only (its name, namespace and tier). */
    static StagedPolicy staged(String kind, String namespace, String name, Field object, SourceRef source) {
        Field spec = object.get("spec");
        String tier = kind.equals("StagedKubernetesNetworkPolicy") ? CalicoTier.DEFAULT : tierReference(spec.get("tier"));
        return new StagedPolicy(kind, namespace, name, tier, source, canonical(spec));
    }

    // ------------------------------------------------------------------ policy fields

    /** {@code label} or {@code label.label}: DNS labels, at most 253 characters in all. */
    private static void policyName(Field field, String name) {
        String[] labels = name.split("\\.", -1);
        boolean valid = name.length() <= MAX_NAME && labels.length <= 2;
        for (String label : labels) {
            valid &= label.length() <= 63 && DNS_LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw field.invalid("policy name " + Field.quote(name) + " is invalid: expected a DNS label or two joined by"
                    + " '.' (lower-case letters, digits and '-', at most 63 characters each)");
        }
    }

    private static void dnsLabel(Field field, String name, String what) {
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            throw field.invalid(what + " " + Field.quote(name) + " is not a DNS label (lower-case letters, digits and"
                    + " '-', at most 63 characters)");
        }
    }

    /** {@code spec.tier}: absent or empty is {@code default}; the 3.29–3.31 built-in names read as today's. */
    private static String tierReference(Field field) {
        String tier = field.string();
        if (tier == null || tier.isEmpty()) {
            return CalicoTier.DEFAULT;
        }
        dnsLabel(field, tier, "a tier name");
        return CalicoTier.canonicalName(tier);
    }

    private static Double order(Field field) {
        if (field.absent()) {
            return null;
        }
        if (field.value() instanceof Number n && !(n instanceof java.math.BigDecimal)) {
            double value = n.doubleValue();
            if (Double.isFinite(value)) {
                return value;
            }
        }
        throw field.invalid("expected a number, got " + Field.describe(field.value()));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static List<PolicyType> types(Field field) {
        List<PolicyType> types = new ArrayList<>();
        for (Field type : field.items()) {
            String text = type.requiredString();
            PolicyType t = PolicyType.byWireName(text);
            if (t == null) {
                throw type.invalid("unknown type " + Field.quote(text) + ", expected Ingress or Egress");
            }
            if (types.contains(t)) {
                throw type.invalid("the type " + text + " is given twice");
            }
            types.add(t);
        }
        return types;
    }

    /**
     * A selector field: null when absent or empty; at most {@value #MAX_SELECTOR} characters,
     * parsed by the grammar; {@code global()} only where {@code globalAllowed} (alone, in a rule's
     * {@code namespaceSelector}).
     */
    private static CalicoSelector selector(Field field, boolean globalAllowed) {
        String text = field.string();
        if (text == null || text.isBlank()) {
            return null; // an empty selector is an absent one
        }
        if (text.length() > MAX_SELECTOR) {
            throw field.invalid("a selector of " + text.length() + " characters, at most " + MAX_SELECTOR);
        }
        CalicoSelector selector;
        try {
            selector = CalicoSelector.parse(text);
        } catch (CalicoSelectorException e) {
            throw field.invalid(Field.quote(text) + ": " + e.problem() + " at position " + e.position());
        }
        if (selector.usesGlobal() && !(globalAllowed && selector instanceof CalicoSelector.Global)) {
            throw field.invalid(Field.quote(text) + ": global() is allowed only alone, in a rule's namespaceSelector");
        }
        return selector;
    }

    // ------------------------------------------------------------------ rules

    private static List<CalicoRule> rules(Field list, PolicyType direction, boolean global) {
        List<Field> items = list.items();
        if (items.size() > MAX_RULES) {
            throw list.invalid(items.size() + " rules, at most " + MAX_RULES + " per direction");
        }
        List<CalicoRule> out = new ArrayList<>(items.size());
        for (Field rule : items) {
            out.add(rule(rule, direction, global));
        }
        return out;
    }

    private static CalicoRule rule(Field rule, PolicyType direction, boolean global) {
        rule.mapping();
        Field actionField = rule.get("action");
        String actionText = actionField.requiredString();
        CalicoAction action = CalicoAction.byWireName(actionText);
        if (action == null) {
            throw actionField.invalid("unknown action " + Field.quote(actionText) + ", expected Allow, Deny, Pass or Log");
        }
        CalicoProtocol protocol = protocol(rule.get("protocol"));
        CalicoProtocol notProtocol = protocol(rule.get("notProtocol"));
        IcmpMatch icmp = icmp(rule.get("icmp"));
        IcmpMatch notIcmp = icmp(rule.get("notICMP"));
        if (icmp != null && (protocol == null || !protocol.icmp())) {
            throw rule.get("icmp").invalid("icmp needs protocol ICMP or ICMPv6");
        }
        Integer ipVersion = null;
        Field ipVersionField = rule.get("ipVersion");
        if (!ipVersionField.absent()) {
            long v = ipVersionField.integer();
            if (v != 4 && v != 6) {
                throw ipVersionField.invalid("ipVersion " + v + ", expected 4 or 6");
            }
            ipVersion = (int) v;
            if (protocol != null && protocol.icmp() && (protocol.number() == CalicoProtocol.ICMP) != (v == 4)) {
                throw ipVersionField.invalid("ipVersion " + v + " contradicts protocol " + protocol);
            }
        }
        EntityRule source = entity(rule.get("source"), protocol, global, direction == PolicyType.EGRESS, false);
        EntityRule destination = entity(rule.get("destination"), protocol, global, direction == PolicyType.INGRESS,
                true);
        families(rule, source, destination, ipVersion);
        Field http = rule.get("http");
        if (!http.absent()) {
            http.mapping();
            if (action != CalicoAction.ALLOW) {
                throw http.invalid("http criteria are allowed only in Allow rules, not " + action.wireName());
            }
            if (direction == PolicyType.EGRESS) {
                throw http.invalid("http criteria are allowed only in ingress rules");
            }
            if (protocol != null && protocol.number() != 6) {
                throw http.invalid("http criteria need protocol TCP, not " + protocol);
            }
        }
        return new CalicoRule(action, protocol, notProtocol, ipVersion, icmp, notIcmp, !http.absent(), source,
                destination);
    }

    /** One address family per rule, agreeing with {@code ipVersion}. */
    private static void families(Field rule, EntityRule source, EntityRule destination, Integer ipVersion) {
        Boolean v4 = null;
        String first = null;
        for (Map.Entry<String, EntityRule> side : List.of(Map.entry("source", source),
                Map.entry("destination", destination))) {
            for (Map.Entry<String, List<Cidr>> nets : List.of(Map.entry("nets", side.getValue().nets()),
                    Map.entry("notNets", side.getValue().notNets()))) {
                for (Cidr cidr : nets.getValue()) {
                    String where = side.getKey() + "." + nets.getKey();
                    if (v4 == null) {
                        v4 = cidr.isV4();
                        first = where;
                    } else if (v4 != cidr.isV4()) {
                        throw rule.get(side.getKey()).get(nets.getKey()).invalid("IPv4 and IPv6 networks in one rule ("
                                + first + " and " + where + ")");
                    }
                    if (ipVersion != null && (ipVersion == 4) != cidr.isV4()) {
                        throw rule.get(side.getKey()).get(nets.getKey()).invalid(Field.quote(cidr.text())
                                + " contradicts ipVersion " + ipVersion);
                    }
                }
            }
        }
    }

    private static CalicoProtocol protocol(Field field) {
        Object value = field.value();
        if (value == null) {
            return null;
        }
        if (field.isInteger() || (value instanceof String s && !s.isEmpty() && s.chars().allMatch(Character::isDigit)
                && s.length() <= 3)) {
            long number = field.isInteger() ? field.integer() : Long.parseLong((String) value);
            if (number < 1 || number > 255) {
                throw field.invalid("protocol number " + number + " is outside 1..255");
            }
            return CalicoProtocol.byNumber((int) number);
        }
        if (value instanceof String name) {
            CalicoProtocol protocol = CalicoProtocol.byName(name);
            if (protocol == null) {
                throw field.invalid("unknown protocol " + Field.quote(name) + ", expected TCP, UDP, ICMP, ICMPv6, SCTP,"
                        + " UDPLite or a number 1..255 (names are case-sensitive)");
            }
            return protocol;
        }
        throw field.invalid("expected a protocol name or number, got " + Field.describe(value));
    }

    private static IcmpMatch icmp(Field field) {
        if (field.absent()) {
            return null;
        }
        field.mapping();
        Field typeField = field.get("type");
        Field codeField = field.get("code");
        Integer type = typeField.absent() ? null : (int) Math.min(Integer.MAX_VALUE, typeField.integer());
        Integer code = codeField.absent() ? null : (int) Math.min(Integer.MAX_VALUE, codeField.integer());
        if (type != null && (type < 0 || type > 254)) {
            throw typeField.invalid("ICMP type " + type + " is outside 0..254");
        }
        if (code != null && (code < 0 || code > 255)) {
            throw codeField.invalid("ICMP code " + code + " is outside 0..255");
        }
        if (code != null && type == null) {
            throw codeField.invalid("an ICMP code needs a type");
        }
        return new IcmpMatch(type, code);
    }

    /**
     * A rule's {@code source} or {@code destination}. {@code servicesForbidden}: the side may not
     * name {@code services} (an ingress rule's destination, an egress rule's source).
     */
    private static EntityRule entity(Field side, CalicoProtocol protocol, boolean global, boolean servicesForbidden,
            boolean destination) {
        if (side.absent()) {
            return EntityRule.ANY;
        }
        side.mapping();
        List<Cidr> nets = nets(side.get("nets"), false);
        List<Cidr> notNets = nets(side.get("notNets"), true);
        CalicoSelector selector = selector(side.get("selector"), false);
        CalicoSelector notSelector = selector(side.get("notSelector"), false);
        CalicoSelector namespaceSelector = selector(side.get("namespaceSelector"), true);
        ServiceAccountMatch accounts = serviceAccounts(side.get("serviceAccounts"));
        List<CalicoPort> ports = ports(side.get("ports"), protocol);
        List<CalicoPort> notPorts = ports(side.get("notPorts"), protocol);
        ServiceMatch services = null;
        Field servicesField = side.get("services");
        if (!servicesField.absent()) {
            servicesField.mapping();
            if (servicesForbidden) {
                throw servicesField.invalid("services are allowed only in an ingress rule's source or an egress rule's"
                        + " destination");
            }
            String name = servicesField.get("name").string();
            if (name == null || name.isEmpty()) {
                throw servicesField.get("name").invalid("missing: services needs the Service's name");
            }
            String namespace = servicesField.get("namespace").string();
            if (global && (namespace == null || namespace.isEmpty())) {
                throw servicesField.get("namespace").invalid("missing: services in a GlobalNetworkPolicy needs a"
                        + " namespace");
            }
            List<String> others = new ArrayList<>();
            addIf(others, !nets.isEmpty(), "nets");
            addIf(others, !notNets.isEmpty(), "notNets");
            addIf(others, selector != null, "selector");
            addIf(others, notSelector != null, "notSelector");
            addIf(others, namespaceSelector != null, "namespaceSelector");
            addIf(others, accounts != null, "serviceAccounts");
            addIf(others, destination && !ports.isEmpty(), "ports");
            addIf(others, destination && !notPorts.isEmpty(), "notPorts");
            if (!others.isEmpty()) {
                throw servicesField.invalid("services cannot be combined with " + String.join(", ", others));
            }
            services = new ServiceMatch(name, namespace == null || namespace.isEmpty() ? null : namespace);
        }
        return new EntityRule(nets, notNets, selector, notSelector, namespaceSelector, accounts, services, ports,
                notPorts);
    }

    private static void addIf(List<String> list, boolean condition, String item) {
        if (condition) {
            list.add(item);
        }
    }

    /** {@code nets}/{@code notNets}: at most {@value #MAX_NETS} CIDRs with host bits clear; notNets never a whole family. */
    private static List<Cidr> nets(Field list, boolean not) {
        List<Field> items = list.items();
        if (items.size() > MAX_NETS) {
            throw list.invalid(items.size() + " networks, at most " + MAX_NETS);
        }
        List<Cidr> out = new ArrayList<>();
        for (Field item : items) {
            String text = item.requiredString();
            Cidr cidr = PolicyReader.cidr(item, text);
            if (!java.util.Arrays.equals(IpAddress.parse(text.substring(0, text.indexOf('/'))).bytes(),
                    cidr.network().bytes())) {
                throw item.invalid(Field.quote(text) + " has host bits set: write its network"
                        + (cidr.isV4() ? ", " + v4(cidr.network().bytes()) + "/" + cidr.prefix() : ""));
            }
            if (not && cidr.prefix() == 0) {
                throw item.invalid("notNets cannot hold " + Field.quote(text) + ": it would exclude every address");
            }
            out.add(cidr);
        }
        return out;
    }

    private static String v4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** An address of a network set, the network of one address. */
    private static Cidr address(Field field, String text) {
        try {
            IpAddress address = IpAddress.parse(text);
            return Cidr.parse(text + (address.isV4() ? "/32" : "/128"));
        } catch (IllegalArgumentException e) {
            throw field.invalid(Field.quote(text) + " is neither an address nor a CIDR (address/prefix)");
        }
    }

    private static ServiceAccountMatch serviceAccounts(Field field) {
        if (field.absent()) {
            return null;
        }
        field.mapping();
        List<String> names = new ArrayList<>();
        for (Field name : field.get("names").items()) {
            names.add(name.requiredString());
        }
        return new ServiceAccountMatch(names, selector(field.get("selector"), false));
    }

    /** {@code ports}/{@code notPorts}: numbers and ranges need TCP, UDP or SCTP; no ports with a protocol that has none. */
    private static List<CalicoPort> ports(Field list, CalicoProtocol protocol) {
        List<Field> items = list.items();
        if (items.size() > MAX_PORTS) {
            throw list.invalid(items.size() + " ports, at most " + MAX_PORTS);
        }
        List<CalicoPort> out = new ArrayList<>();
        for (Field item : items) {
            CalicoPort port = port(item);
            if (protocol != null && !protocol.hasPorts()) {
                throw item.invalid("ports need protocol TCP, UDP or SCTP, not " + protocol);
            }
            if (port instanceof CalicoPort.Range && protocol == null) {
                throw item.invalid("numeric ports need a protocol (TCP, UDP or SCTP)");
            }
            out.add(port);
        }
        return out;
    }

    private static CalicoPort port(Field item) {
        Object value = item.value();
        if (item.isInteger()) {
            return new CalicoPort.Range(portNumber(item, item.integer()), portNumber(item, item.integer()));
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            throw item.invalid("expected a port number, a range 'first:last' or a port name, got "
                    + Field.describe(value));
        }
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 6) {
            int n = portNumber(item, Long.parseLong(text));
            return new CalicoPort.Range(n, n);
        }
        int colon = text.indexOf(':');
        if (colon > 0 && text.substring(0, colon).chars().allMatch(Character::isDigit)
                && text.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < text.length() - 1
                && text.length() <= 13) {
            int first = portNumber(item, Long.parseLong(text.substring(0, colon)));
            int last = portNumber(item, Long.parseLong(text.substring(colon + 1)));
            if (first > last) {
                throw item.invalid("the port range " + Field.quote(text) + " starts above its end");
            }
            return new CalicoPort.Range(first, last);
        }
        String problem = KubeNames.portNameProblem(text);
        if (problem != null) {
            throw item.invalid(problem);
        }
        return new CalicoPort.Named(text);
    }

    private static int portNumber(Field field, long n) {
        if (n < 1 || n > 65535) {
            throw field.invalid("port " + n + " is outside 1..65535");
        }
        return (int) n;
    }

    private static Map<String, Object> canonical(Field spec) {
        try {
            return PolicySpecs.canonical(spec.value());
        } catch (IllegalArgumentException e) {
            throw spec.invalid(e.getMessage());
        }
    }
}
