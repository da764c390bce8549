package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.Labels;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.SourceRef;
import java.util.List;
import java.util.Map;

/**
 * A Calico NetworkSet (namespaced) or GlobalNetworkSet ({@code namespace} null): labelled
 * networks that rule selectors can match as if they were endpoints (an IP endpoint inside one
 * of {@code nets} is "inside the set"). {@code spec} is the object's spec as data.
 */
public record NetworkSet(String namespace, String name, Map<String, String> labels, List<Cidr> nets,
        SourceRef source, Map<String, Object> spec) {
    public NetworkSet {
        labels = Labels.copy(labels);
        nets = List.copyOf(nets);
        spec = spec == null ? Map.of() : PolicySpecs.canonical(spec);
    }

    /** A network set without its written spec. */
    public NetworkSet(String namespace, String name, Map<String, String> labels, List<Cidr> nets, SourceRef source) {
        this(namespace, name, labels, nets, source, null);
    }

    public boolean global() {
        return namespace == null;
    }

    /** {@code NetworkSet/<ns>/<name>} or {@code GlobalNetworkSet/<name>}. */
    public String id() {
        return global() ? "GlobalNetworkSet/" + name : "NetworkSet/" + namespace + "/" + name;
    }

    public boolean contains(dev.netpolauditor.model.IpAddress address) {
        return nets.stream().anyMatch(c -> c.contains(address));
    }
}
