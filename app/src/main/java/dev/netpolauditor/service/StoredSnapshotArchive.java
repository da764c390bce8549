package dev.netpolauditor.service;

import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.report.ComplianceReport;
import dev.netpolauditor.report.SnapshotArchive;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredResults;
import dev.netpolauditor.store.StoredSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The reports' {@link SnapshotArchive} over the store: the stored analyses, objects and summaries of snapshots. */
final class StoredSnapshotArchive implements SnapshotArchive {
    private final SnapshotStore store;
    private final SnapshotQueries queries;
    private final StoredResults results;

    StoredSnapshotArchive(SnapshotStore store, SnapshotQueries queries, StoredResults results) {
        this.store = store;
        this.queries = queries;
        this.results = results;
    }

    @Override
    public Optional<Analysis> analysis(Snapshot snapshot) {
        return results.ofSnapshot(snapshot.id())
                .map(r -> new Analysis(r.audit(), r.engineVersion(), r.namespaceTenants()));
    }

    @Override
    public ClusterState policies(Snapshot snapshot) {
        return StoredObjects.read(store.policiesOf(snapshot.id()));
    }

    @Override
    public Optional<Side> side(Snapshot snapshot) {
        return results.ofSnapshot(snapshot.id()).map(result -> {
            ClusterState state = StoredObjects.read(store.objectsOf(snapshot.id()));
            return SnapshotSides.side(state, CompiledCluster.compile(state), result);
        });
    }

    @Override
    public List<TrendSnapshot> trend(Snapshot snapshot, int points) {
        List<TrendSnapshot> trend = new ArrayList<>();
        for (StoredSnapshot s : queries.snapshots(snapshot.cluster(),
                new SnapshotQueries.SnapshotFilter(null, snapshot.startedAt(), StoredSnapshot.COMPLETE), points, 0)
                .items()) {
            StoredSnapshot.Summary sum = s.summary();
            trend.add(new TrendSnapshot(s.id(), new ComplianceReport.TrendPoint(s.startedAt(), sum.score(),
                    sum.openHigh(), sum.openMedium(), sum.openLow())));
        }
        Collections.reverse(trend); // the store lists newest first
        return trend;
    }
}
