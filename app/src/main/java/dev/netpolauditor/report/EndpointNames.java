package dev.netpolauditor.report;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import java.util.List;

/** Help for a mistyped endpoint name: names of the cluster's endpoints that look like it. */
public final class EndpointNames {
    private EndpointNames() {}

    /** Up to five endpoint names that start with {@code name}, or that {@code name} starts with (kind aside). */
    public static List<String> similar(CompiledCluster cluster, String name) {
        return cluster.endpoints().stream().map(Endpoint::name)
                .filter(n -> n.startsWith(name) || name.startsWith(n.replaceAll("\\[.*]$", ""))).limit(5).toList();
    }

    /** {@code "; did you mean a, b?"}, or empty when nothing looks alike. */
    public static String suggestion(CompiledCluster cluster, String name) {
        List<String> similar = similar(cluster, name);
        return similar.isEmpty() ? "" : "; did you mean " + String.join(", ", similar) + "?";
    }
}
