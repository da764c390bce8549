package dev.netpolauditor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.engine.Endpoints;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticClusterTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 150, 2000, 20000})
    void hasExactlyTheRequestedPodsAndAFifteenthAsManyNamespacesAndAnEighthAsManyPolicies(int pods) {
        ClusterState cluster = SyntheticCluster.generate(1, pods);
        assertEquals(pods, cluster.pods().size());
        assertEquals(Math.max(3, Math.round(pods / 15f)), cluster.namespaces().size());
        assertEquals(Math.round(pods / 8f), cluster.policies().size());
    }

    @Test
    void sameSeedGivesTheSameCluster() {
        assertEquals(SyntheticCluster.generate(42, 2000), SyntheticCluster.generate(42, 2000));
    }

    @Test
    void differentSeedsGiveDifferentClusters() {
        assertNotEquals(SyntheticCluster.generate(1, 2000), SyntheticCluster.generate(2, 2000));
    }

    @Test
    void namesAreUniqueAndEveryNamespaceIsDeclared() {
        ClusterState cluster = SyntheticCluster.generate(42, 20000);
        Set<String> namespaces = cluster.namespaces().stream().map(Namespace::name).collect(Collectors.toSet());
        assertEquals(cluster.namespaces().size(), namespaces.size());
        Set<String> pods = new HashSet<>();
        for (Pod pod : cluster.pods()) {
            assertTrue(namespaces.contains(pod.namespace()), pod.namespace());
            assertTrue(pods.add(pod.namespace() + "/" + pod.name()), "duplicate pod " + pod.name());
        }
        Set<String> policies = new HashSet<>();
        for (NetworkPolicy policy : cluster.policies()) {
            assertTrue(namespaces.contains(policy.namespace()), policy.namespace());
            assertTrue(policies.add(policy.id()), "duplicate policy " + policy.id());
        }
    }

    /** bench/ingest 150000 once stopped at a CronJob defined twice: a canary revision of a CronJob's app. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void aLiveClusterDefinesEachWorkloadOnce(long seed) {
        ClusterState cluster = SyntheticCluster.live(seed, 30000);
        Set<String> workloads = new HashSet<>();
        for (Workload w : cluster.workloads()) {
            assertTrue(workloads.add(w.kind() + " " + w.namespace() + "/" + w.name()),
                    () -> "seed " + seed + ": " + w.kind() + " " + w.namespace() + "/" + w.name() + " defined twice");
        }
        assertTrue(cluster.workloads().stream().anyMatch(w -> w.kind() == WorkloadKind.CronJob));
    }

    @Test
    void looksLikeARealCluster() {
        ClusterState cluster = SyntheticCluster.generate(42, 2000);
        assertTrue(cluster.pods().stream().anyMatch(p -> "kube-dns".equals(p.labels().get("k8s-app"))
                && p.namespace().equals("kube-system")), "DNS pods in kube-system");
        assertTrue(Endpoints.of(cluster).size() < cluster.pods().size(), "some host-network or finished pods");
        assertTrue(cluster.policies().stream().anyMatch(p -> p.podSelector().equals(LabelSelector.EVERYTHING)
                && p.ingress().isEmpty() && p.egress().isEmpty()), "default denies");
        assertTrue(cluster.policies().stream().anyMatch(p -> p.policyTypes().isEmpty()), "policyTypes omitted");
        assertTrue(cluster.policies().stream().anyMatch(p -> p.effectiveTypes().contains(PolicyType.EGRESS)),
                "egress policies");
        long tenants = cluster.namespaces().stream().map(n -> n.labels().get("tenant")).distinct().count();
        assertTrue(tenants > 2, "several tenants");
    }

    /** The live shape: the same pods as the bare one, each owned as a live cluster owns it, and one endpoint per workload. */
    @Test
    void theLiveShapeHasTheSamePodsOwnedByTheirWorkloads() {
        ClusterState bare = SyntheticCluster.generate(42, 2000);
        ClusterState live = SyntheticCluster.live(42, 2000);
        assertEquals(bare.pods().stream().map(p -> p.namespace() + "/" + p.name() + " " + p.labels()).toList(),
                live.pods().stream().map(p -> p.namespace() + "/" + p.name() + " " + p.labels()).toList());
        assertEquals(bare.policies(), live.policies());
        assertTrue(live.pods().stream().allMatch(p -> p.controller() != null && p.podIps().size() == 1),
                "every pod is owned and addressed");
        Set<String> kinds = new java.util.TreeSet<>();
        live.workloads().forEach(w -> kinds.add(w.kind().name()));
        assertEquals(Set.of("CronJob", "DaemonSet", "Deployment", "Job", "ReplicaSet", "StatefulSet"), kinds);
        long deployments = live.workloads().stream().filter(w -> w.kind().name().equals("Deployment")).count();
        long replicaSets = live.workloads().stream().filter(w -> w.kind().name().equals("ReplicaSet")).count();
        assertTrue(replicaSets > deployments, "current and old ReplicaSets");
        var endpoints = Endpoints.of(live);
        assertTrue(endpoints.stream().allMatch(e -> e.workloadKind() != null
                        && e.workloadKind() != dev.netpolauditor.model.WorkloadKind.ReplicaSet
                        && e.workloadKind() != dev.netpolauditor.model.WorkloadKind.Job),
                "no pod, ReplicaSet or Job of a workload is an endpoint of its own");
        assertTrue(endpoints.stream().anyMatch(e -> e.members().size() > 1), "workloads with several members");
    }
}
