package dev.netpolauditor.service;

import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.engine.Endpoints;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.TierPeer;
import dev.netpolauditor.model.TierRule;
import dev.netpolauditor.snapshot.StoredObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The content of a snapshot that its analysis depends on, as one SHA-256: equal hashes give
 * equal analyses (with equal settings and engine), so a re-snapshot shares the stored one.
 *
 * <p>It leaves out what cannot change a finding, a flow or a figure: uids; and for every pod
 * that belongs to a workload endpoint (its top owner is a given workload), its name, its
 * controller's name and how many alike pods there are. Such a pod counts only by its facts
 * under its endpoint's name (labels, container ports, whether it is terminated or on the host
 * network), as a set: the engine answers by the union over members. So a Deployment whose pods
 * were all rescheduled (new names, same labels) or scaled from 2 to 3 replicas has the same
 * analysis input.
 *
 * <p>Cluster-tier policies count by their spec, as NetworkPolicies do. A member's addresses count
 * exactly when some cluster-tier policy has a {@code networks} peer: such a peer matches pods by
 * their address (semantics.md, Policy tiers), so a rescheduled pod with a new address may then
 * connect differently. Without one nothing in the analysis sees a pod's address (a v1
 * {@code ipBlock} never matches a pod), and addresses are left out, so that a reschedule shares
 * the stored analysis.
 */
public final class AnalysisInput {
    private AnalysisInput() {}

    public static String sha256(ClusterState state) {
        // every object is written on its own (a large cluster has hundreds of thousands, and
        // this runs on every snapshot, changed or not): in parallel, the lines sorted after
        List<String> lines = new ArrayList<>();
        lines.addAll(state.namespaces().parallelStream().map(ns -> StoredObjects.namespace(ns, null).json()).toList());
        lines.addAll(state.policies().parallelStream().map(p -> StoredObjects.policy(p, null).json()).toList());
        for (ClusterPolicy p : state.clusterPolicies()) {
            lines.add(StoredObjects.clusterPolicy(p, null).json());
        }
        boolean addressesMatter = hasNetworksPeer(state);
        lines.addAll(state.workloads().parallelStream().map(w -> StoredObjects.workload(w, null).json()).toList());
        List<String> owners = Endpoints.topOwners(state);
        List<PodLine> pods = IntStream.range(0, owners.size()).parallel()
                .mapToObj(i -> podLine(state.pods().get(i), owners.get(i), addressesMatter)).toList();
        TreeSet<String> members = new TreeSet<>();
        for (PodLine pod : pods) {
            (pod.member() ? members : lines).add(pod.text());
        }
        lines.addAll(members);
        lines.sort(null);
        return CanonicalJson.sha256(String.join("\n", lines));
    }

    /** A pod's line: the pod itself when it is of its own, else its facts as a member of its owner's endpoint. */
    private record PodLine(boolean member, String text) {}

    private static PodLine podLine(Pod pod, String owner, boolean addressesMatter) {
        if (owner == null) {
            return new PodLine(false, StoredObjects.pod(pod, null).json());
        }
        Map<String, Object> facts = new TreeMap<>();
        facts.put("owner", owner);
        facts.put("labels", pod.labels());
        facts.put("ports", pod.ports().stream()
                .map(p -> p.port() + "/" + p.protocol() + (p.name() == null ? "" : "/" + p.name())).sorted().toList());
        facts.put("hostNetwork", pod.hostNetwork());
        facts.put("terminated", pod.phase().terminated());
        if (addressesMatter) {
            facts.put("addresses", pod.podIps().stream().sorted().toList());
        }
        return new PodLine(true, CanonicalJson.write(facts));
    }

    /** Whether some cluster-tier rule has a {@code networks} peer: then pods are matched by address. */
    static boolean hasNetworksPeer(ClusterState state) {
        for (ClusterPolicy p : state.clusterPolicies()) {
            for (TierRule rule : p.egress()) {
                if (rule.peers().stream().anyMatch(peer -> peer instanceof TierPeer.Networks)) {
                    return true;
                }
            }
            for (TierRule rule : p.ingress()) {
                if (rule.peers().stream().anyMatch(peer -> peer instanceof TierPeer.Networks)) {
                    return true;
                }
            }
        }
        return false;
    }
}
