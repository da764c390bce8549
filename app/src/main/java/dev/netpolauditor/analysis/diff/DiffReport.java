package dev.netpolauditor.analysis.diff;

import java.util.List;

/** The changes between two states, each section in the contract's order. Immutable. */
public record DiffReport(List<ObjectChange> objects, List<ConnectivityChange> connectivity,
        List<FindingChange> findings) {

    public DiffReport {
        objects = List.copyOf(objects);
        connectivity = List.copyOf(connectivity);
        findings = List.copyOf(findings);
    }

    public boolean isEmpty() {
        return objects.isEmpty() && connectivity.isEmpty() && findings.isEmpty();
    }
}
