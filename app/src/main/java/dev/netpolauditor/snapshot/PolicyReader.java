package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.SourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and validates the {@code spec} of a {@code networking.k8s.io/v1} NetworkPolicy. */
final class PolicyReader {
    private PolicyReader() {}

    static NetworkPolicy read(String namespace, String name, Field spec, SourceRef source) {
        return read(namespace, name, spec, source, null);
    }

    /**
     * As {@link #read(String, String, Field, SourceRef)}; {@code data} is the spec's canonical
     * form when the caller made it already ({@link JsonManifestReader}), else null.
     */
    static NetworkPolicy read(String namespace, String name, Field spec, SourceRef source, Map<String, Object> data) {
        Field podSelector = spec.get("podSelector");
        LabelSelector selected = podSelector.absent() ? LabelSelector.EVERYTHING : LabelReader.selector(podSelector);
        List<PolicyType> types = new ArrayList<>();
        for (Field type : spec.get("policyTypes").items()) {
            String wireName = type.requiredString();
            PolicyType policyType = PolicyType.byWireName(wireName);
            if (policyType == null) {
                throw type.invalid("unknown policy type " + Field.quote(wireName) + ", expected Ingress or Egress");
            }
            types.add(policyType);
        }
        List<Rule> ingress = rules(spec.get("ingress"), "from");
        List<Rule> egress = rules(spec.get("egress"), "to");
        if (data == null) {
            try {
                data = PolicySpecs.canonical(spec.value());
            } catch (IllegalArgumentException e) {
                throw spec.invalid(e.getMessage());
            }
        }
        return new NetworkPolicy(namespace, name, selected, types, ingress, egress, source, data);
    }

    private static List<Rule> rules(Field list, String peersKey) {
        List<Rule> rules = new ArrayList<>();
        for (Field rule : list.items()) {
            List<Peer> peers = new ArrayList<>();
            for (Field peer : rule.get(peersKey).items()) {
                peers.add(peer(peer));
            }
            List<PortRule> ports = new ArrayList<>();
            for (Field port : rule.get("ports").items()) {
                ports.add(portRule(port));
            }
            rules.add(new Rule(peers, ports));
        }
        return rules;
    }

    private static Peer peer(Field peer) {
        Field podSelector = peer.get("podSelector");
        Field namespaceSelector = peer.get("namespaceSelector");
        Field ipBlock = peer.get("ipBlock");
        if (!ipBlock.absent()) {
            if (!podSelector.absent() || !namespaceSelector.absent()) {
                throw peer.invalid("ipBlock cannot be combined with podSelector or namespaceSelector in one peer");
            }
            return ipBlock(ipBlock);
        }
        if (podSelector.absent() && namespaceSelector.absent()) {
            throw peer.invalid("a peer needs podSelector, namespaceSelector or ipBlock");
        }
        return new Peer.Selectors(
                podSelector.absent() ? null : LabelReader.selector(podSelector),
                namespaceSelector.absent() ? null : LabelReader.selector(namespaceSelector));
    }

    private static Peer.IpBlock ipBlock(Field ipBlock) {
        Field cidrField = ipBlock.get("cidr");
        Cidr cidr = cidr(cidrField, cidrField.requiredString());
        List<Cidr> excepts = new ArrayList<>();
        for (Field exceptField : ipBlock.get("except").items()) {
            String text = exceptField.requiredString();
            Cidr except = cidr(exceptField, text);
            if (!cidr.strictlyContains(except)) {
                throw exceptField.invalid(Field.quote(text) + " is not a strict subset of cidr " + Field.quote(cidr.text()));
            }
            excepts.add(except);
        }
        return new Peer.IpBlock(cidr, excepts);
    }

    /** A CIDR (as an {@code ipBlock} or a cluster-tier {@code networks} item), reported at {@code field}. */
    static Cidr cidr(Field field, String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            // Cidr's messages start with the quoted text; requote it so that a huge value stays short.
            String message = e.getMessage() == null ? "" : e.getMessage();
            String own = "'" + text + "'";
            String detail = message.startsWith(own) ? message.substring(own.length()) : ": " + message;
            throw field.invalid(Field.quote(text) + detail);
        }
    }

    private static PortRule portRule(Field entry) {
        Protocol protocol = PodSpecReader.protocol(entry.get("protocol"));
        Field port = entry.get("port");
        Field endPort = entry.get("endPort");
        PortMatch match = switch (port.value()) {
            case null -> {
                if (!endPort.absent()) {
                    throw endPort.invalid("endPort requires port");
                }
                yield new PortMatch.AnyPort();
            }
            // IntOrString: a quoted "80" is a name, and not a valid one.
            case String name -> {
                String problem = KubeNames.portNameProblem(name);
                if (problem != null) {
                    throw port.invalid(problem);
                }
                if (!endPort.absent()) {
                    throw endPort.invalid("endPort is not allowed with the named port " + Field.quote(name));
                }
                yield new PortMatch.Named(name);
            }
            default -> {
                if (!port.isInteger()) {
                    throw port.invalid("expected a port number or name, got " + Field.describe(port.value()));
                }
                int first = PodSpecReader.portNumber(port);
                int last = first;
                if (!endPort.absent()) {
                    last = PodSpecReader.portNumber(endPort);
                    if (last < first) {
                        throw endPort.invalid("endPort " + last + " is below port " + first);
                    }
                }
                yield new PortMatch.Range(first, last);
            }
        };
        return new PortRule(protocol, match);
    }
}
