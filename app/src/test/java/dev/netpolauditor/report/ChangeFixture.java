package dev.netpolauditor.report;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.diff.DiffReport;
import dev.netpolauditor.analysis.diff.Side;
import dev.netpolauditor.analysis.diff.SnapshotDiff;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The change report of the golden diff case {@code diff-scope-changes} (its about.md says what
 * changes): a namespace relabelled into another tenant, a rule inserted in front of a policy's
 * rules, a pod terminated. Tenants by the label {@code team}, as its diff-args say.
 */
public final class ChangeFixture {
    public static final Path CASE = Path.of("src/test/resources/golden/diff-scope-changes");
    public static final Instant GENERATED = Instant.parse("2026-01-31T08:00:00Z");

    private ChangeFixture() {}

    /** Both sides, their diff and its report. */
    public record Built(Side from, Side to, DiffReport diff, ChangeReport report) {}

    public static Built build() throws Exception {
        Tenancy tenancy = Tenancy.byLabel("team");
        Side from = Side.of(ManifestReader.read(CASE.resolve("from")), tenancy, List.of());
        Side to = Side.of(ManifestReader.read(CASE.resolve("to")), tenancy, List.of());
        DiffReport diff = SnapshotDiff.between(from, to);
        ChangeReport.Header header = new ChangeReport.Header("diff-scope-changes",
                new ChangeReport.State(null, "manifests from", null), new ChangeReport.State(null, "manifests to", null),
                GENERATED, "test", null);
        return new Built(from, to, diff, ChangeReports.of(from, to, diff, header));
    }
}
