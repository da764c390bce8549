package dev.netpolauditor.service;

import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.report.PolicyReports;
import dev.netpolauditor.store.SnapshotContent;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotQueries.FindingFilter;
import dev.netpolauditor.store.SnapshotQueries.ObjectFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A complete stored snapshot's findings as PolicyReports ({@link PolicyReports}): every stored
 * finding with its status, and the snapshot's namespaces (a rule that found nothing in one is a
 * pass there), read in pages; timestamps are the snapshot's.
 */
public final class StoredPolicyReports {
    private static final int PAGE = 1000;

    private final SnapshotQueries queries;

    public StoredPolicyReports(SnapshotQueries queries) {
        this.queries = queries;
    }

    /** The Kubernetes List of the snapshot's reports. */
    public Map<String, Object> of(Snapshot s) {
        List<PolicyReports.Row> rows = new ArrayList<>();
        FindingFilter all = new FindingFilter(null, null, null, null, null);
        for (int offset = 0; ; offset += PAGE) {
            SnapshotQueries.Page<SnapshotQueries.TenantFinding> page = queries.findings(s.id(), all, PAGE, offset);
            for (SnapshotQueries.TenantFinding t : page.items()) {
                SnapshotContent.StoredFinding f = t.finding();
                rows.add(new PolicyReports.Row(new Finding(f.rule(), Severity.valueOf(f.severity().toUpperCase(
                        Locale.ROOT)), f.namespace(), FindingRules.subject(f.rule(), f.subject()), f.policy(), f.detail()),
                        AuditedFinding.Status.valueOf(f.status().toUpperCase(Locale.ROOT))));
            }
            if (offset + PAGE >= page.total()) {
                break;
            }
        }
        List<String> namespaces = new ArrayList<>();
        ObjectFilter namespaceObjects = new ObjectFilter("Namespace", null, null);
        for (int offset = 0; ; offset += PAGE) {
            SnapshotQueries.Page<SnapshotContent.StoredObject> page = queries.objects(s.id(), namespaceObjects, PAGE,
                    offset);
            page.items().forEach(o -> namespaces.add(o.name()));
            if (offset + PAGE >= page.total()) {
                break;
            }
        }
        Instant taken = s.finishedAt() != null ? s.finishedAt() : s.startedAt();
        return PolicyReports.list(PolicyReports.of(rows, namespaces, taken));
    }
}
