package dev.netpolauditor.analysis.diff;

import java.util.List;

/**
 * The changes between two states, each section in the contract's order, and what helps people
 * read them: namespaces relabelled with the rules whose peers they change, and the
 * connectivity changes counted per namespace pair and per tenant pair (empty when no
 * namespace has a tenant). Immutable.
 */
public record DiffReport(List<ObjectChange> objects, List<ConnectivityChange> connectivity,
        List<FindingChange> findings, List<NamespaceRelabel> relabelled, List<FlowSummary> namespacePairs,
        List<FlowSummary> tenantPairs) {

    public DiffReport {
        objects = List.copyOf(objects);
        connectivity = List.copyOf(connectivity);
        findings = List.copyOf(findings);
        relabelled = List.copyOf(relabelled);
        namespacePairs = List.copyOf(namespacePairs);
        tenantPairs = List.copyOf(tenantPairs);
    }

    /** The three sections alone. */
    public DiffReport(List<ObjectChange> objects, List<ConnectivityChange> connectivity,
            List<FindingChange> findings) {
        this(objects, connectivity, findings, List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return objects.isEmpty() && connectivity.isEmpty() && findings.isEmpty();
    }
}
