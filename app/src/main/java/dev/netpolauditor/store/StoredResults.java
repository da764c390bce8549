package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.ANALYSIS;
import static dev.netpolauditor.store.jooq.Tables.ANALYSIS_SETTINGS;
import static dev.netpolauditor.store.jooq.Tables.COVERAGE;
import static dev.netpolauditor.store.jooq.Tables.FINDING;
import static dev.netpolauditor.store.jooq.Tables.NAMESPACE_TENANT;
import static dev.netpolauditor.store.jooq.Tables.SNAPSHOT;
import static dev.netpolauditor.store.jooq.Tables.TENANT_CELL;

import dev.netpolauditor.analysis.AnalysisSettings;
import dev.netpolauditor.analysis.AuditReport;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.Coverage;
import dev.netpolauditor.analysis.CoverageReport;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.FrozenExceptions;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.analysis.TenantMatrix;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.PortSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * Stored analyses read back into the {@link AuditReport} they were stored from: the findings
 * with their exception status and the exception that applied, coverage, the tenant matrix (each
 * cell with its count of namespace pairs, not the pairs), the stored score and the settings the
 * analysis was computed under (null when it was stored before settings were kept). Controls
 * and rule metadata come from the rule registry by id. Nothing is computed again: this is the
 * "and back" of the mapping {@link SnapshotContent.StoredAnalysis#of} does.
 */
public final class StoredResults {

    private final DSLContext dsl;

    public StoredResults(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One stored analysis: its id and engine version, the audit as stored, the tenant each
     * namespace was assigned, and the canonical settings document (null when unknown).
     */
    public record StoredResult(long analysisId, String engineVersion, AuditReport audit,
            Map<String, String> namespaceTenants, String settingsJson) {
        public StoredResult {
            namespaceTenants = new TreeMap<>(namespaceTenants);
        }

        public boolean settingsKnown() {
            return audit.settingsKnown();
        }
    }

    /** The analysis of a complete snapshot, its settings judged on the day the snapshot started (UTC). */
    public Optional<StoredResult> ofSnapshot(long snapshotId) {
        Record row = dsl.select(SNAPSHOT.ANALYSIS_ID, SNAPSHOT.STARTED_AT).from(SNAPSHOT)
                .where(SNAPSHOT.ID.eq(snapshotId)).fetchOne();
        if (row == null || row.get(SNAPSHOT.ANALYSIS_ID) == null) {
            return Optional.empty();
        }
        LocalDate day = row.get(SNAPSHOT.STARTED_AT).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        return ofAnalysis(row.get(SNAPSHOT.ANALYSIS_ID), day);
    }

    /**
     * The settings the analysis of a complete snapshot was computed under, judged on the day the
     * snapshot started; empty when the snapshot has no analysis or its settings are unknown.
     */
    public Optional<AnalysisSettings> settingsOf(long snapshotId) {
        Record row = dsl.select(SNAPSHOT.STARTED_AT, ANALYSIS_SETTINGS.CONTENT).from(SNAPSHOT)
                .join(ANALYSIS).on(ANALYSIS.ID.eq(SNAPSHOT.ANALYSIS_ID))
                .join(ANALYSIS_SETTINGS).on(ANALYSIS_SETTINGS.ID.eq(ANALYSIS.SETTINGS_ID))
                .where(SNAPSHOT.ID.eq(snapshotId)).fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        LocalDate day = row.get(SNAPSHOT.STARTED_AT).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        return Optional.of(AnalysisSettings.fromDocument(
                CanonicalJson.readObject(row.get(ANALYSIS_SETTINGS.CONTENT).data()), day));
    }

    /** A stored analysis by id, its settings judged on {@code day}. */
    public Optional<StoredResult> ofAnalysis(long analysisId, LocalDate day) {
        Record head = dsl.select(ANALYSIS.ENGINE_VERSION, ANALYSIS.SCORE, ANALYSIS.SCORE_VERSION, ANALYSIS.ENDPOINT_GROUPS,
                        ANALYSIS_SETTINGS.CONTENT)
                .from(ANALYSIS).leftJoin(ANALYSIS_SETTINGS).on(ANALYSIS_SETTINGS.ID.eq(ANALYSIS.SETTINGS_ID))
                .where(ANALYSIS.ID.eq(analysisId)).fetchOne();
        if (head == null) {
            return Optional.empty();
        }
        JSONB content = head.get(ANALYSIS_SETTINGS.CONTENT);
        String settingsJson = content == null ? null : CanonicalJson.canonical(content.data());
        AnalysisSettings settings = settingsJson == null ? null
                : AnalysisSettings.fromDocument(CanonicalJson.readObject(settingsJson), day);
        Map<String, String> tenants = new TreeMap<>();
        dsl.select(NAMESPACE_TENANT.NAMESPACE, NAMESPACE_TENANT.TENANT).from(NAMESPACE_TENANT)
                .where(NAMESPACE_TENANT.ANALYSIS_ID.eq(analysisId))
                .forEach(r -> tenants.put(r.value1(), r.value2()));
        AuditReport audit = AuditReport.stored(findings(analysisId, settings), coverage(analysisId),
                tenantMatrix(analysisId, tenants), head.get(ANALYSIS.SCORE), head.get(ANALYSIS.SCORE_VERSION),
                head.get(ANALYSIS.ENDPOINT_GROUPS), settings);
        return Optional.of(new StoredResult(analysisId, head.get(ANALYSIS.ENGINE_VERSION), audit, tenants,
                settingsJson));
    }

    /**
     * The findings in the contract's order (ties, which the audit does not produce, by detail).
     * The exception that applied is the stored one; the other exceptions of the frozen settings that
     * match a finding (a file's and a service's may both) are found again in those settings, which
     * gives what the analysis saw.
     */
    private List<AuditedFinding> findings(long analysisId, AnalysisSettings settings) {
        FrozenExceptions exceptions = FrozenExceptions.of(settings);
        List<AuditedFinding> out = dsl.selectFrom(FINDING).where(FINDING.ANALYSIS_ID.eq(analysisId))
                .fetch(r -> {
                    Finding f = new Finding(r.getRule(), Severity.valueOf(r.getSeverity().toUpperCase(Locale.ROOT)),
                            r.getNamespace(), FindingRules.subject(r.getRule(), r.getSubject()), r.getPolicy(), r.getDetail(),
                            r.getRoutine());
                    AuditedFinding.Status status = AuditedFinding.Status.valueOf(
                            r.getStatus().toUpperCase(Locale.ROOT));
                    Integer index = r.getExceptionIndex();
                    return new AuditedFinding(f, status, exceptions.decided(index),
                            exceptions.others(f.rule(), f.subject().text(), index));
                });
        out = new ArrayList<>(out);
        out.sort(Comparator.comparing(AuditedFinding::finding,
                Finding.ORDER.thenComparing(Finding::detail, Comparator.nullsFirst(Comparator.naturalOrder()))));
        return out;
    }

    private CoverageReport coverage(long analysisId) {
        Coverage cluster = new Coverage("cluster", 0, 0, 0, 0);
        List<Coverage> namespaces = new ArrayList<>();
        List<Coverage> tenants = new ArrayList<>();
        for (var r : dsl.selectFrom(COVERAGE).where(COVERAGE.ANALYSIS_ID.eq(analysisId)).fetch()) {
            Coverage c = new Coverage(r.getScope(), r.getEndpoints(), r.getIngressIsolated(), r.getEgressIsolated(),
                    r.getBothIsolated(), r.getScore());
            switch (r.getScopeKind()) {
                case "cluster" -> cluster = c;
                case "namespace" -> namespaces.add(c);
                default -> tenants.add(c);
            }
        }
        namespaces.sort(Comparator.comparing(Coverage::scope));
        tenants.sort(Comparator.comparing(Coverage::scope));
        return new CoverageReport(cluster, namespaces, tenants);
    }

    /** The matrix over the tenants the analysis assigned, cells by source then destination tenant. */
    private TenantMatrix tenantMatrix(long analysisId, Map<String, String> namespaceTenants) {
        List<TenantMatrix.Cell> cells = new ArrayList<>(dsl.selectFrom(TENANT_CELL)
                .where(TENANT_CELL.ANALYSIS_ID.eq(analysisId))
                .fetch(r -> new TenantMatrix.Cell(r.getFromTenant(), r.getToTenant(), r.getEndpointPairs(),
                        PortSet.parse(r.getPorts()), r.getExampleFrom(), r.getExampleTo(),
                        PortSet.parse(r.getExamplePorts()), List.of(), r.getNamespacePairCount(),
                        Set.of(r.getEgressPolicies()), Set.of(r.getIngressPolicies()), r.getEgressUnrestricted(),
                        r.getIngressUnrestricted())));
        cells.sort(Comparator.comparing(TenantMatrix.Cell::from).thenComparing(TenantMatrix.Cell::to));
        return new TenantMatrix(List.copyOf(new TreeSet<>(namespaceTenants.values())), cells);
    }
}
