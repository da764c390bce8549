package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Protocol;
import java.util.List;

/** STUB: being implemented. */
public final class CompiledCluster {
    public static CompiledCluster compile(ClusterState cluster) { throw new UnsupportedOperationException(); }
    /** Endpoints of the cluster (pods, workload templates), input order. */
    public List<Endpoint.Pod> endpoints() { throw new UnsupportedOperationException(); }
    /** Number of endpoint groups (endpoints every selector sees alike). */
    public int groupCount() { throw new UnsupportedOperationException(); }
    /** Ports on which {@code from} may open a connection to {@code to}. */
    public PortSet allowed(Endpoint from, Endpoint to) { throw new UnsupportedOperationException(); }
    /** The verdict for one protocol/port, with the deciding rules or isolating policies of each side. */
    public Verdict explain(Endpoint from, Endpoint to, Protocol protocol, int port) { throw new UnsupportedOperationException(); }
    /** Every allowed ordered pair among the endpoints and the given IP endpoints. */
    public ConnectivityMatrix connectivity(List<Endpoint.Ip> externalIps) { throw new UnsupportedOperationException(); }
}
