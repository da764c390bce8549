package dev.netpolauditor.engine;

import java.util.Map;

/**
 * Endpoints that every selector of the cluster sees alike: one namespace, the same values
 * for every label key a pod selector reads ({@code labels} holds just those), the same named
 * ports. {@code members} are indexes into {@link CompiledCluster#endpoints()} (never modified).
 */
public record EndpointGroup(int id, String namespace, Map<String, String> labels, NamedPorts namedPorts, int[] members) {

    public int size() {
        return members.length;
    }
}
