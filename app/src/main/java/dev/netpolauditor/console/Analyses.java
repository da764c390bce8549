package dev.netpolauditor.console;

import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotContents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored analysis of a snapshot, as frozen when it was taken (never recomputed with
 * today's settings), for the pages that show its controls. A snapshot never changes, so the
 * last {@value #KEPT} read are kept by analysis.
 */
final class Analyses {
    static final int KEPT = 8;

    private final SnapshotContents contents;
    private final Map<Long, AuditReport> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, AuditReport> eldest) {
            return size() > KEPT;
        }
    };

    Analyses(SnapshotContents contents) {
        this.contents = contents;
    }

    AuditReport of(Snapshot snapshot) {
        synchronized (recent) {
            AuditReport cached = recent.get(snapshot.id());
            if (cached != null) {
                return cached;
            }
        }
        AuditReport audit = contents.audit(snapshot).orElseThrow(() -> ConsoleProblem.conflict("Snapshot "
                + snapshot.id() + " has no stored analysis."));
        synchronized (recent) {
            recent.put(snapshot.id(), audit);
        }
        return audit;
    }
}
