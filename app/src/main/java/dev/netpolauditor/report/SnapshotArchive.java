package dev.netpolauditor.report;

import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.model.ClusterState;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What was stored for a cluster's snapshots, as far as their reports need it: the port through
 * which {@link SnapshotReports} reads the history without knowing the store ({@code service}
 * implements it over {@code store}). It gives what was stored, never a new analysis.
 */
public interface SnapshotArchive {

    /** A complete stored snapshot, as a report names it. */
    record Snapshot(long id, String cluster, String source, Instant startedAt) {}

    /**
     * The analysis stored for a snapshot (its findings with their exceptions, coverage, tenant
     * matrix, score, the settings it ran under) and the tenant it gave each namespace.
     */
    record Analysis(AuditReport audit, String engineVersion, Map<String, String> namespaceTenants) {
        public Analysis {
            namespaceTenants = Collections.unmodifiableMap(new TreeMap<>(namespaceTenants));
        }
    }

    /** A complete snapshot of a trend and its stored headline figures. */
    record TrendSnapshot(long id, ComplianceReport.TrendPoint point) {}

    /** The stored analysis of {@code snapshot}; empty when it has none. */
    Optional<Analysis> analysis(Snapshot snapshot);

    /** The stored policies of {@code snapshot} (the Policies sheet lists them). */
    ClusterState policies(Snapshot snapshot);

    /**
     * {@code snapshot} as one side of a diff: its stored objects, compiled, with its stored
     * analysis; empty when it has no analysis.
     */
    Optional<Side> side(Snapshot snapshot);

    /** The cluster's last {@code points} complete snapshots up to and including {@code snapshot}, oldest first. */
    List<TrendSnapshot> trend(Snapshot snapshot, int points);
}
