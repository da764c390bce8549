package dev.netpolauditor.analysis;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.engine.RuleUsage;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every finding rule reads, frozen: the cluster state, its compiled form, the tenancy,
 * and indexes the rules share (endpoints and policies by namespace).
 */
public final class AuditInput {
    private final ClusterState cluster;
    private final CompiledCluster compiled;
    private final Tenancy tenancy;
    private final Map<String, Namespace> namespaces = new TreeMap<>();
    private final Map<String, List<Endpoint.Pod>> endpointsByNamespace = new TreeMap<>();
    private final Map<String, List<Integer>> policiesByNamespace = new LinkedHashMap<>();
    private final Map<String, String> tenantOfNamespace;
    private final boolean keepGroupFlows;
    private TenantMatrix tenantMatrix;
    private List<GroupConnectivity.Flow> groupFlows;
    private RuleUsage ruleUsage;

    public AuditInput(ClusterState cluster, CompiledCluster compiled, Tenancy tenancy) {
        this(cluster, compiled, tenancy, false);
    }

    /**
     * With {@code keepGroupFlows}, the walk that computes the tenant matrix also keeps the group
     * flows ({@link #groupFlows}): what an analysis that is stored needs.
     */
    public AuditInput(ClusterState cluster, CompiledCluster compiled, Tenancy tenancy, boolean keepGroupFlows) {
        this.keepGroupFlows = keepGroupFlows;
        this.cluster = cluster;
        this.compiled = compiled;
        this.tenancy = tenancy;
        for (Namespace ns : cluster.namespaces()) {
            namespaces.put(ns.name(), ns);
        }
        for (Endpoint.Pod e : compiled.endpoints()) {
            endpointsByNamespace.computeIfAbsent(e.namespace(), n -> new ArrayList<>()).add(e);
            namespaces.computeIfAbsent(e.namespace(), Namespace::implied);
        }
        List<NetworkPolicy> policies = cluster.policies();
        for (int i = 0; i < policies.size(); i++) {
            policiesByNamespace.computeIfAbsent(policies.get(i).namespace(), n -> new ArrayList<>()).add(i);
            namespaces.computeIfAbsent(policies.get(i).namespace(), Namespace::implied);
        }
        this.tenantOfNamespace = tenancy.tenants(namespaces.values());
    }

    public static AuditInput of(ClusterState cluster, Tenancy tenancy) {
        return new AuditInput(cluster, CompiledCluster.compile(cluster), tenancy);
    }

    public ClusterState cluster() {
        return cluster;
    }

    public CompiledCluster compiled() {
        return compiled;
    }

    public Tenancy tenancy() {
        return tenancy;
    }

    /** Every namespace, declared or implied, by name. */
    public Map<String, Namespace> namespaces() {
        return namespaces;
    }

    /** Namespaces with at least one endpoint, each with its endpoints in input order; sorted by name. */
    public Map<String, List<Endpoint.Pod>> endpointsByNamespace() {
        return endpointsByNamespace;
    }

    /** Indexes into {@link ClusterState#policies()} of the policies of a namespace. */
    public List<Integer> policiesIn(String namespace) {
        return policiesByNamespace.getOrDefault(namespace, List.of());
    }

    /** The tenant of a namespace, or null. */
    public String tenantOf(String namespace) {
        return tenantOfNamespace.get(namespace);
    }

    public Map<String, String> tenantOfNamespace() {
        return tenantOfNamespace;
    }

    /** What each cluster-tier rule did over the cluster's connections; computed once, on first use. */
    public synchronized RuleUsage ruleUsage() {
        if (ruleUsage == null) {
            ruleUsage = compiled.connectivity(List.of()).ruleUsage();
        }
        return ruleUsage;
    }

    /** Who can reach whom among tenants; computed once, on first use. */
    public synchronized TenantMatrix tenantMatrix() {
        if (tenantMatrix == null) {
            TenantReach.Walk walk = TenantReach.walk(this, keepGroupFlows);
            tenantMatrix = walk.matrix();
            groupFlows = walk.flows();
        }
        return tenantMatrix;
    }

    /**
     * The group flows, from the walk that computed the tenant matrix.
     *
     * @throws IllegalStateException when this input was not made to keep them
     */
    public synchronized List<GroupConnectivity.Flow> groupFlows() {
        if (!keepGroupFlows) {
            throw new IllegalStateException("this audit input does not keep the group flows");
        }
        tenantMatrix();
        return groupFlows;
    }
}
