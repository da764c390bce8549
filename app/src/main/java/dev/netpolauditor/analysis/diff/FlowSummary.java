package dev.netpolauditor.analysis.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Connectivity changes counted per ordered pair of namespaces or tenants: how many endpoint
 * pairs are newly allowed ({@code added}), no longer allowed ({@code removed}) or allowed on
 * other ports ({@code changed}). An IP endpoint counts as its own name ({@code ip:...}) on
 * either level; a namespace without tenant as {@link #NO_TENANT}.
 */
public record FlowSummary(String from, String to, int added, int removed, int changed) {
    public static final String NO_TENANT = "(no tenant)";

    static List<FlowSummary> byNamespacePair(List<ConnectivityChange> flows) {
        return count(flows, FlowSummary::namespaceOf);
    }

    /** Tenants as the {@code to} side has them, else as the {@code from} side had them (namespace gone). */
    static List<FlowSummary> byTenantPair(List<ConnectivityChange> flows, Side from, Side to) {
        Map<String, String> tenants = new HashMap<>(from.tenancy().tenants(from.cluster().namespaces()));
        tenants.putAll(to.tenancy().tenants(to.cluster().namespaces()));
        boolean any = !tenants.isEmpty();
        if (!any) {
            return List.of();
        }
        return count(flows, endpoint -> endpoint.startsWith("ip:") ? endpoint
                : tenants.getOrDefault(namespaceOf(endpoint), NO_TENANT));
    }

    private static String namespaceOf(String endpoint) {
        return endpoint.startsWith("ip:") ? endpoint : endpoint.substring(0, endpoint.indexOf('/'));
    }

    private static List<FlowSummary> count(List<ConnectivityChange> flows, Function<String, String> level) {
        Map<List<String>, int[]> counts = new TreeMap<>((x, y) -> {
            int c = x.get(0).compareTo(y.get(0));
            return c != 0 ? c : x.get(1).compareTo(y.get(1));
        });
        for (ConnectivityChange c : flows) {
            int[] n = counts.computeIfAbsent(List.of(level.apply(c.from()), level.apply(c.to())), k -> new int[3]);
            n[c.change().ordinal()]++;
        }
        List<FlowSummary> out = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> out.add(new FlowSummary(k.get(0), k.get(1), n[0], n[1], n[2])));
        return out;
    }
}
