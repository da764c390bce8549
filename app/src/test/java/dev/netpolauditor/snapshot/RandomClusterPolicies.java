package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterPolicyKind;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.PolicyTier;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.RuleAction;
import dev.netpolauditor.model.SelectorOperator;
import dev.netpolauditor.model.SelectorRequirement;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierPort;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.model.TierSubject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random valid cluster-tier policies of every kind as the API serves them (a manifest as maps),
 * each with the model it must read as: every subject, peer and port entry of its version, entries
 * of only unknown fields, named ports only where the API allows them, domainNames only in Accept
 * rules of the kinds that have them.
 */
public final class RandomClusterPolicies {
    private RandomClusterPolicies() {}

    /** A wire value and the model it must read as. */
    public record Generated<T>(Object wire, T model) {}

    /** A whole policy: its manifest and the expected model (its source null). */
    public record GeneratedPolicy(Map<String, Object> manifest, ClusterPolicy expected) {}

    /** Policies of every kind. */
    public static Arbitrary<GeneratedPolicy> policies() {
        return Arbitraries.of(ClusterPolicyKind.values()).flatMap(RandomClusterPolicies::policy);
    }

    /** Policies of one kind (a BaselineAdminNetworkPolicy is always named default). */
    public static Arbitrary<GeneratedPolicy> policy(ClusterPolicyKind kind) {
        boolean v1alpha1 = kind != ClusterPolicyKind.ClusterNetworkPolicy;
        Arbitrary<PolicyTier> tier = switch (kind) {
            case ClusterNetworkPolicy -> Arbitraries.of(PolicyTier.values());
            case AdminNetworkPolicy -> Arbitraries.just(PolicyTier.ADMIN);
            case BaselineAdminNetworkPolicy -> Arbitraries.just(PolicyTier.BASELINE);
        };
        Arbitrary<String> name = kind == ClusterPolicyKind.BaselineAdminNetworkPolicy ? Arbitraries.just("default")
                : Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(name, tier, Arbitraries.integers().between(0, 1000), subject(v1alpha1),
                        rule(kind, true).list().ofMaxSize(4), rule(kind, false).list().ofMaxSize(4))
                .as((n, t, priority, subject, ingress, egress) -> {
                    Map<String, Object> spec = new LinkedHashMap<>();
                    if (kind == ClusterPolicyKind.ClusterNetworkPolicy) {
                        spec.put("tier", t.wireName());
                    }
                    if (kind != ClusterPolicyKind.BaselineAdminNetworkPolicy) {
                        spec.put("priority", priority);
                    }
                    spec.put("subject", subject.wire());
                    if (!ingress.isEmpty()) {
                        spec.put("ingress", ingress.stream().map(Generated::wire).toList());
                    }
                    if (!egress.isEmpty()) {
                        spec.put("egress", egress.stream().map(Generated::wire).toList());
                    }
                    Map<String, Object> manifest = new LinkedHashMap<>();
                    manifest.put("apiVersion", ManifestReader.apiVersion(kind));
                    manifest.put("kind", kind.name());
                    manifest.put("metadata", Map.of("name", n));
                    manifest.put("spec", spec);
                    int p = kind == ClusterPolicyKind.BaselineAdminNetworkPolicy ? ClusterPolicy.NO_PRIORITY : priority;
                    return new GeneratedPolicy(manifest, new ClusterPolicy(kind, n, t, p, subject.model(),
                            ingress.stream().map(Generated::model).toList(),
                            egress.stream().map(Generated::model).toList(), null, spec));
                });
    }

    private static Arbitrary<Generated<LabelSelector>> selector() {
        return Arbitraries.of(
                new Generated<>(Map.of(), LabelSelector.EVERYTHING),
                new Generated<>(Map.of("matchLabels", Map.of("team", "a")),
                        new LabelSelector(Map.of("team", "a"), List.of())),
                new Generated<>(Map.of("matchExpressions", List.of(Map.of("key", "env", "operator", "NotIn",
                        "values", List.of("prod", "dev")))), new LabelSelector(Map.of(), List.of(
                        new SelectorRequirement("env", SelectorOperator.NotIn, List.of("prod", "dev"))))),
                new Generated<>(Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "prod"),
                        "matchExpressions", List.of(Map.of("key", "app", "operator", "Exists"))),
                        new LabelSelector(Map.of("kubernetes.io/metadata.name", "prod"),
                                List.of(new SelectorRequirement("app", SelectorOperator.Exists, List.of())))));
    }

    /** {@code pods}: v1alpha1 always has both selectors, v1alpha2 may leave out the namespaceSelector. */
    private static Arbitrary<Generated<LabelSelector[]>> pods(boolean v1alpha1) {
        Arbitrary<Boolean> withNamespaces = v1alpha1 ? Arbitraries.just(true) : Arbitraries.of(true, false);
        return Combinators.combine(withNamespaces, selector(), selector()).as((with, ns, pod) -> {
            Map<String, Object> wire = new LinkedHashMap<>();
            if (with) {
                wire.put("namespaceSelector", ns.wire());
            }
            wire.put("podSelector", pod.wire());
            return new Generated<>(wire, new LabelSelector[] {with ? ns.model() : null, pod.model()});
        });
    }

    private static Arbitrary<Generated<TierSubject>> subject(boolean v1alpha1) {
        return Arbitraries.oneOf(
                selector().map(s -> new Generated<>(Map.of("namespaces", s.wire()), new TierSubject.Namespaces(s.model()))),
                pods(v1alpha1).map(p -> new Generated<>(Map.of("pods", p.wire()),
                        new TierSubject.Pods(p.model()[0], p.model()[1]))),
                Arbitraries.just(new Generated<>(Map.of("serviceAccounts", Map.of("names", List.of("x"))),
                        new TierSubject.Unknown())));
    }

    private static Arbitrary<Generated<TierRule>> rule(ClusterPolicyKind kind, boolean ingress) {
        List<RuleAction> actions = kind == ClusterPolicyKind.BaselineAdminNetworkPolicy
                ? List.of(RuleAction.ACCEPT, RuleAction.DENY) : List.of(RuleAction.values());
        boolean v1alpha1 = kind != ClusterPolicyKind.ClusterNetworkPolicy;
        return Arbitraries.of(actions).flatMap(action -> Combinators.combine(
                Arbitraries.of("", "allow-monitoring", "r-1"),
                peer(kind, ingress, action).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(true, false)).flatAs((name, peers, withPorts) -> {
                    boolean named = ingress || peers.stream().noneMatch(p -> p.model() instanceof TierPeer.Networks
                            || p.model() instanceof TierPeer.Nodes || p.model() instanceof TierPeer.DomainNames);
                    Arbitrary<List<Generated<TierPort>>> ports = withPorts
                            ? port(v1alpha1, named).list().ofMinSize(1).ofMaxSize(3)
                            : Arbitraries.just(List.of());
                    return ports.map(p -> {
                        Map<String, Object> wire = new LinkedHashMap<>();
                        if (!name.isEmpty()) {
                            wire.put("name", name);
                        }
                        wire.put("action", action.wireName(kind));
                        wire.put(ingress ? "from" : "to", peers.stream().map(Generated::wire).toList());
                        if (withPorts) {
                            wire.put(v1alpha1 ? "ports" : "protocols", p.stream().map(Generated::wire).toList());
                        }
                        return new Generated<>(wire, new TierRule(name.isEmpty() ? null : name, action,
                                peers.stream().map(Generated::model).toList(),
                                p.stream().map(Generated::model).toList()));
                    });
                }));
    }

    private static Arbitrary<Generated<TierPeer>> peer(ClusterPolicyKind kind, boolean ingress, RuleAction action) {
        boolean v1alpha1 = kind != ClusterPolicyKind.ClusterNetworkPolicy;
        List<Arbitrary<Generated<TierPeer>>> choices = new ArrayList<>();
        choices.add(selector().map(s -> new Generated<>(Map.of("namespaces", s.wire()),
                new TierPeer.Namespaces(s.model()))));
        choices.add(pods(v1alpha1).map(p -> new Generated<>(Map.of("pods", p.wire()),
                new TierPeer.Pods(p.model()[0], p.model()[1]))));
        choices.add(Arbitraries.just(new Generated<>(Map.of("serviceAccounts", Map.of("names", List.of("x"))),
                new TierPeer.Unknown())));
        if (ingress) {
            // egress peer kinds are no fields of an ingress peer: it fails closed
            choices.add(Arbitraries.just(new Generated<>(Map.of("networks", List.of("10.0.0.0/8")),
                    new TierPeer.Unknown())));
        } else {
            choices.add(Arbitraries.of("10.0.0.0/8", "10.1.2.3/16", "0.0.0.0/0", "fd00::/64", "::/0").list()
                    .ofMinSize(1).ofMaxSize(3).uniqueElements()
                    .map(cidrs -> new Generated<>(Map.of("networks", cidrs),
                            new TierPeer.Networks(cidrs.stream().map(Cidr::parse).toList()))));
            choices.add(selector().map(s -> new Generated<>(Map.of("nodes", s.wire()), new TierPeer.Nodes(s.model()))));
            if (kind != ClusterPolicyKind.BaselineAdminNetworkPolicy && action == RuleAction.ACCEPT) {
                choices.add(Arbitraries.of("example.com", "*.example.com", "api.example.org.").list().ofMinSize(1)
                        .ofMaxSize(3).uniqueElements()
                        .map(names -> new Generated<>(Map.of("domainNames", names), new TierPeer.DomainNames(names))));
            }
        }
        return Arbitraries.oneOf(choices);
    }

    private static Arbitrary<Generated<TierPort>> port(boolean v1alpha1, boolean named) {
        Arbitrary<Protocol> protocol = Arbitraries.of(Protocol.values());
        Arbitrary<Integer> number = Arbitraries.integers().between(1, 65535);
        List<Arbitrary<Generated<TierPort>>> choices = new ArrayList<>();
        if (v1alpha1) {
            choices.add(Combinators.combine(Arbitraries.of(Protocol.values()).injectNull(0.3), number)
                    .as((p, n) -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        if (p != null) {
                            entry.put("protocol", p.name());
                        }
                        entry.put("port", n);
                        return new Generated<>(Map.of("portNumber", entry),
                                new TierPort.Range(p == null ? Protocol.TCP : p, n, n));
                    }));
            choices.add(Combinators.combine(protocol, number.filter(n -> n < 65535)).as((p, n) -> new Generated<>(
                    Map.of("portRange", Map.of("protocol", p.name(), "start", n, "end", n + 1)),
                    new TierPort.Range(p, n, n + 1))));
            if (named) {
                choices.add(Arbitraries.of("http", "metrics").map(n -> new Generated<>(Map.of("namedPort", n),
                        new TierPort.Named(n))));
            }
            choices.add(Arbitraries.just(new Generated<>(Map.of("allPorts", true), new TierPort.Unknown())));
        } else {
            choices.add(Combinators.combine(protocol, number).as((p, n) -> new Generated<>(
                    Map.of(p.name().toLowerCase(Locale.ROOT), Map.of("destinationPort", Map.of("number", n))),
                    new TierPort.Range(p, n, n))));
            choices.add(Combinators.combine(protocol, number.filter(n -> n < 65535)).as((p, n) -> new Generated<>(
                    Map.of(p.name().toLowerCase(Locale.ROOT), Map.of("destinationPort",
                            Map.of("range", Map.of("start", n, "end", Math.min(65535, n + 100))))),
                    new TierPort.Range(p, n, Math.min(65535, n + 100)))));
            if (named) {
                choices.add(Arbitraries.of("http", "metrics").map(n -> new Generated<>(
                        Map.of("destinationNamedPort", n), new TierPort.Named(n))));
            }
            choices.add(Arbitraries.just(new Generated<>(Map.of("icmp", Map.of("type", 8)), new TierPort.Unknown())));
        }
        return Arbitraries.oneOf(choices);
    }
}
