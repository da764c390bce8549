package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.ServiceAccount;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import dev.netpolauditor.model.calico.CalicoPolicy;
import dev.netpolauditor.model.calico.CalicoTier;
import dev.netpolauditor.model.calico.NetworkSet;
import dev.netpolauditor.model.calico.StagedPolicy;
import dev.netpolauditor.model.cilium.CiliumConfig;
import dev.netpolauditor.model.cilium.CiliumPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The object section of a diff: objects of the kinds that matter given in the input (an
 * implied namespace is no object), compared by what they mean to the analysis only
 * (cli-contract.md): a NetworkPolicy's or cluster-tier policy's {@code spec} as data (a
 * cluster-tier policy is cluster-scoped: its namespace is null); a Namespace's labels (with
 * {@code kubernetes.io/metadata.name}); a Pod's labels, container ports, {@code hostNetwork},
 * whether it is terminated, its addresses and its controller; a workload's template labels,
 * container ports and {@code hostNetwork}, a DaemonSet's container images, and the controller
 * of a ReplicaSet or Job; and the network plugins' objects of a plugin known to run
 * (cni-policies.md: policies', tiers' and staged policies' {@code spec}, network sets' spec and
 * labels, ServiceAccounts' labels, {@code cilium-config} keys).
 */
final class ObjectComparison {
    private static final String SEPARATOR = "; ";
    private static final int MAX_DIFFERENCES = 8;

    private ObjectComparison() {}

    private record Key(String kind, String namespace, String name) {}

    /** One object as the diff sees it: named aspects that count, and what an added/removed line shows. */
    private record Facts(Map<String, Object> aspects, String summary) {}

    static List<ObjectChange> changes(ClusterState from, ClusterState to) {
        Map<Key, Facts> before = objects(from);
        Map<Key, Facts> after = objects(to);
        List<ObjectChange> out = new ArrayList<>();
        for (Map.Entry<Key, Facts> e : before.entrySet()) {
            Key key = e.getKey();
            Facts now = after.get(key);
            if (now == null) {
                out.add(change(ObjectChange.Change.REMOVED, key, "removed" + e.getValue().summary()));
            } else if (!now.aspects().equals(e.getValue().aspects())) {
                out.add(change(ObjectChange.Change.CHANGED, key, differences(e.getValue(), now)));
            }
        }
        for (Map.Entry<Key, Facts> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                out.add(change(ObjectChange.Change.ADDED, e.getKey(), "added" + e.getValue().summary()));
            }
        }
        out.sort(ObjectChange.ORDER);
        return out;
    }

    private static ObjectChange change(ObjectChange.Change change, Key key, String what) {
        String id = key.namespace() == null ? key.name() : key.namespace() + "/" + key.name();
        String separator = change == ObjectChange.Change.CHANGED ? ": " : " ";
        return new ObjectChange(change, key.kind(), key.namespace(), key.name(), key.kind() + " " + id + separator + what);
    }

    private static Map<Key, Facts> objects(ClusterState cluster) {
        Map<Key, Facts> out = new LinkedHashMap<>();
        for (Namespace ns : cluster.namespaces()) {
            if (ns.declared()) {
                Map<String, Object> aspects = new LinkedHashMap<>();
                aspects.put("labels", ns.labels());
                Map<String, String> shown = new TreeMap<>(ns.labels());
                shown.remove(Namespace.NAME_LABEL);
                out.put(new Key("Namespace", null, ns.name()), new Facts(aspects, " (labels " + labels(shown) + ")"));
            }
        }
        for (Pod pod : cluster.pods()) {
            Map<String, Object> aspects = new LinkedHashMap<>();
            aspects.put("labels", pod.labels());
            aspects.put("container ports", Set.copyOf(pod.ports()));
            aspects.put("hostNetwork", pod.hostNetwork());
            aspects.put("terminated", pod.phase().terminated());
            aspects.put("addresses", new TreeSet<>(pod.podIps()));
            aspects.put("controller", controller(pod.controller()));
            out.put(new Key("Pod", pod.namespace(), pod.name()), new Facts(aspects, " (labels " + labels(pod.labels())
                    + (pod.hostNetwork() ? ", hostNetwork" : "") + (pod.phase().terminated() ? ", terminated" : "") + ")"));
        }
        for (Workload w : cluster.workloads()) {
            Map<String, Object> aspects = new LinkedHashMap<>();
            aspects.put("template labels", w.templateLabels());
            aspects.put("container ports", Set.copyOf(w.ports()));
            aspects.put("hostNetwork", w.hostNetwork());
            if (w.kind() == WorkloadKind.DaemonSet) {
                aspects.put("images", new TreeSet<>(w.images()));
            }
            if (w.kind() == WorkloadKind.ReplicaSet || w.kind() == WorkloadKind.Job) {
                aspects.put("controller", controller(w.controller()));
            }
            out.put(new Key(w.kind().name(), w.namespace(), w.name()), new Facts(aspects,
                    " (template labels " + labels(w.templateLabels()) + (w.hostNetwork() ? ", hostNetwork" : "") + ")"));
        }
        for (NetworkPolicy p : cluster.policies()) {
            Map<String, Object> aspects = new LinkedHashMap<>();
            aspects.put("spec", p.spec());
            out.put(new Key("NetworkPolicy", p.namespace(), p.name()), new Facts(aspects, ""));
        }
        for (ClusterPolicy p : cluster.clusterPolicies()) {
            Map<String, Object> aspects = new LinkedHashMap<>();
            aspects.put("spec", p.spec());
            out.put(new Key(p.kind().name(), null, p.name()), new Facts(aspects, " (" + p.tier().wireName() + " tier"
                    + (p.priority() == ClusterPolicy.NO_PRIORITY ? "" : ", priority " + p.priority()) + ")"));
        }
        plugins(cluster, out);
        return out;
    }

    /**
     * The network plugins' objects (cni-policies.md, "Which kinds count"): a policy's, tier's or
     * staged policy's {@code spec}; a network set's spec and labels; a ServiceAccount's labels;
     * the {@code cilium-config} keys.
     */
    private static void plugins(ClusterState cluster, Map<Key, Facts> out) {
        var plugins = cluster.plugins();
        for (CalicoPolicy p : plugins.calico().policies()) {
            out.put(new Key(p.kind().outputKind(), p.namespace(), p.name()), new Facts(spec(p.spec()), " (Tier/"
                    + p.tier() + (p.order() == null ? "" : ", order " + number(p.order())) + ")"));
        }
        for (CalicoTier t : plugins.calico().tiers()) {
            out.put(new Key("Tier", null, t.name()), new Facts(spec(t.spec()), " (order "
                    + (t.order() == null ? "none" : number(t.order())) + ", defaultAction "
                    + t.defaultAction().wireName() + ")"));
        }
        for (NetworkSet n : plugins.calico().networkSets()) {
            Map<String, Object> aspects = spec(n.spec());
            aspects.put("labels", n.labels());
            out.put(new Key(n.global() ? "GlobalNetworkSet" : "NetworkSet", n.namespace(), n.name()),
                    new Facts(aspects, " (labels " + labels(n.labels()) + ")"));
        }
        for (StagedPolicy p : plugins.calico().staged()) {
            out.put(new Key(p.kind(), p.namespace(), p.name()), new Facts(spec(p.spec()), " (staged, not enforced)"));
        }
        for (CiliumPolicy p : plugins.cilium().policies()) {
            out.put(new Key(p.clusterwide() ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy", p.namespace(),
                    p.name()), new Facts(spec(p.spec()), p.enforced() ? "" : " (refused by the Cilium agent)"));
        }
        for (ServiceAccount a : plugins.serviceAccounts()) {
            Map<String, Object> aspects = new LinkedHashMap<>();
            aspects.put("labels", a.labels());
            out.put(new Key("ServiceAccount", a.namespace(), a.name()), new Facts(aspects, " (labels "
                    + labels(a.labels()) + ")"));
        }
        CiliumConfig config = plugins.cilium().config();
        if (config.given()) {
            Map<String, Object> aspects = new LinkedHashMap<>();
            aspects.put("keys", config.data());
            out.put(new Key("ConfigMap", config.namespace(), "cilium-config"), new Facts(aspects, " (Cilium's options)"));
        }
    }

    private static Map<String, Object> spec(Map<String, Object> spec) {
        Map<String, Object> aspects = new LinkedHashMap<>();
        aspects.put("spec", spec);
        return aspects;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** A controller as the diff compares and shows it: {@code ReplicaSet/web-7c9f8d6b5}, or {@code none}. */
    private static String controller(OwnerRef controller) {
        return controller == null ? "none" : controller.toString();
    }

    /** What differs, aspect by aspect, for people. */
    private static String differences(Facts before, Facts after) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : before.aspects().entrySet()) {
            String aspect = e.getKey();
            Object was = e.getValue();
            Object now = after.aspects().get(aspect);
            if (was.equals(now)) {
                continue;
            }
            switch (aspect) {
                case "labels", "template labels", "keys" -> out.add(aspect + " " + labelChanges(cast(was), cast(now)));
                case "container ports" -> out.add(aspect + " " + ports(castPorts(was)) + " -> " + ports(castPorts(now)));
                case "images", "addresses" -> out.add(aspect + " " + none(castStrings(was)) + " -> "
                        + none(castStrings(now)));
                case "spec" -> out.addAll(DataDiff.differences("spec", was, now));
                default -> out.add(aspect + " " + was + " -> " + now);
            }
        }
        if (out.size() > MAX_DIFFERENCES) {
            int more = out.size() - MAX_DIFFERENCES;
            out = new ArrayList<>(out.subList(0, MAX_DIFFERENCES));
            out.add("and " + more + " more");
        }
        return String.join(SEPARATOR, out);
    }

    /** {@code team=operations -> team=ops, tier=web added, old=x removed}. */
    static String labelChanges(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            String was = before.get(key);
            String now = after.get(key);
            if (was == null) {
                out.add(key + "=" + now + " added");
            } else if (now == null) {
                out.add(key + "=" + was + " removed");
            } else if (!was.equals(now)) {
                out.add(key + "=" + was + " -> " + key + "=" + now);
            }
        }
        return String.join(", ", out);
    }

    static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** {@code 5432/TCP (pg), 8080/TCP}, sorted by number, protocol, name; {@code none} when empty. */
    static String ports(Set<ContainerPort> ports) {
        if (ports.isEmpty()) {
            return "none";
        }
        return ports.stream()
                .sorted(Comparator.comparingInt(ContainerPort::port).thenComparing(ContainerPort::protocol)
                        .thenComparing(p -> p.name() == null ? "" : p.name()))
                .map(p -> p.port() + "/" + p.protocol().name()
                        + (p.name() == null || p.name().isEmpty() ? "" : " (" + p.name() + ")"))
                .collect(Collectors.joining(", "));
    }

    private static String none(Set<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> cast(Object o) {
        return (Map<String, String>) o;
    }

    @SuppressWarnings("unchecked")
    private static Set<ContainerPort> castPorts(Object o) {
        return (Set<ContainerPort>) o;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> castStrings(Object o) {
        return (Set<String>) o;
    }
}
