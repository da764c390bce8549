package dev.netpolauditor.service;

import dev.netpolauditor.bench.SyntheticCluster;
import dev.netpolauditor.kube.ApiObjects;
import dev.netpolauditor.kube.FakeKubernetesApi;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.model.Workload;
import dev.netpolauditor.model.WorkloadKind;
import dev.netpolauditor.snapshot.KubernetesSource;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import dev.netpolauditor.store.SnapshotStore;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One cluster served by the fake Kubernetes API and reached through the official client, as
 * the service reaches a real one: a small synthetic multi-tenant cluster with a few workloads.
 */
final class ServedCluster implements AutoCloseable {
    static final String NAME = "shop";
    static final String ENGINE = "test-engine";
    /** Small pages so every list takes several; quick retries so faults cost little time. */
    static final KubernetesCollector.Settings PAGED = new KubernetesCollector.Settings(4, 3, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(2));

    final FakeKubernetesApi api;
    private ClusterState state;

    private ServedCluster(FakeKubernetesApi api, ClusterState state) {
        this.api = api;
        this.state = state;
    }

    static ServedCluster start() throws IOException {
        return start(cluster());
    }

    /** Serves {@code state}. */
    static ServedCluster start(ClusterState state) throws IOException {
        ServedCluster served = new ServedCluster(FakeKubernetesApi.start(), state);
        ApiObjects.serve(served.api, served.state);
        return served;
    }

    /** Serves {@code pods} in place of every pod, as a cluster does after pods were deleted and recreated. */
    void replacePods(List<dev.netpolauditor.model.Pod> pods) {
        state = new ClusterState(state.namespaces(), pods, state.workloads(), state.policies(),
                state.clusterPolicies());
        api.clear(FakeKubernetesApi.Resource.PODS);
        ApiObjects.of(state).getOrDefault(FakeKubernetesApi.Resource.PODS, List.of())
                .forEach(o -> api.add(FakeKubernetesApi.Resource.PODS, o));
    }

    /** 60 pods in 4 namespaces, 8 policies, and a Deployment, a DaemonSet and a CronJob. */
    static ClusterState cluster() {
        ClusterState synthetic = SyntheticCluster.generate(7, 60);
        String ns = synthetic.namespaces().get(2).name();
        List<ContainerPort> http = List.of(new ContainerPort("http", 8080, Protocol.TCP));
        List<Workload> workloads = List.of(
                new Workload(WorkloadKind.Deployment, ns, "web", Map.of("app", "web"), http, false,
                        List.of("web:1"), SourceRef.NONE),
                new Workload(WorkloadKind.DaemonSet, "kube-system", "node-agent", Map.of("app", "node-agent"),
                        List.of(), true, List.of("agent:3"), SourceRef.NONE),
                new Workload(WorkloadKind.CronJob, ns, "report", Map.of("app", "report"), List.of(), false,
                        List.of("report:2"), SourceRef.NONE));
        return ApiObjects.addressed(new ClusterState(synthetic.namespaces(), synthetic.pods(), workloads,
                synthetic.policies()));
    }

    /** What is served now. */
    ClusterState state() {
        return state;
    }

    /** Serves {@code policy} in place of the policy of the same namespace and name. */
    void replacePolicy(NetworkPolicy policy) {
        List<NetworkPolicy> policies = new ArrayList<>();
        for (NetworkPolicy p : state.policies()) {
            policies.add(p.namespace().equals(policy.namespace()) && p.name().equals(policy.name()) ? policy : p);
        }
        state = new ClusterState(state.namespaces(), state.pods(), state.workloads(), policies,
                state.clusterPolicies());
        ApiObjects.servePolicies(api, policies);
    }

    /** Serves {@code policies} as the cluster's cluster-tier policies (their CRDs installed). */
    void serveClusterPolicies(List<dev.netpolauditor.model.ClusterPolicy> policies) {
        state = state.withClusterPolicies(policies);
        for (FakeKubernetesApi.Resource r : List.of(FakeKubernetesApi.Resource.CLUSTER_NETWORK_POLICIES,
                FakeKubernetesApi.Resource.ADMIN_NETWORK_POLICIES,
                FakeKubernetesApi.Resource.BASELINE_ADMIN_NETWORK_POLICIES)) {
            api.clear(r);
            ApiObjects.of(state).getOrDefault(r, List.of()).forEach(o -> api.add(r, o));
        }
    }

    String kubeSystemUid() {
        return ApiObjects.uid("Namespace", null, "kube-system");
    }

    ClusterSpec spec() {
        return new ClusterSpec(NAME, new ClusterSpec.Source.Kubernetes(null, null), "0 0 * * * *", "tenant", null,
                null);
    }

    /** A source through a fresh client; reads wait up to 10 s, so stalls below that only slow a list. */
    KubernetesSource source(KubernetesCollector.Settings settings) {
        ApiClient client = new ClientBuilder().setBasePath(api.baseUrl()).build();
        client.setReadTimeout(10_000);
        return new KubernetesSource(client, settings);
    }

    SnapshotRunner runner(SnapshotStore store) {
        return new SnapshotRunner(store, Clock.systemUTC(), ENGINE);
    }

    /** A service of this one cluster over {@code store}: one replica. */
    SnapshotService service(SnapshotStore store) {
        return service(store, new SimpleMeterRegistry());
    }

    SnapshotService service(SnapshotStore store, MeterRegistry meters) {
        return new SnapshotService(new Clusters(List.of(spec()), Map.of(NAME, source(PAGED))), runner(store), store,
                meters);
    }

    /** Waits until the fake has answered a request for {@code path}: a snapshot is then under way. */
    void awaitRequest(String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (api.requests().stream().noneMatch(r -> r.path().equals(path))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no request for " + path + " within 10 s: " + api.requests());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
