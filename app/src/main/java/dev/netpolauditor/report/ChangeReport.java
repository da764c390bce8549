package dev.netpolauditor.report;

import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.FindingChange;
import dev.netpolauditor.analysis.diff.FlowSummary;
import dev.netpolauditor.analysis.diff.NamespaceRelabel;
import dev.netpolauditor.analysis.diff.ObjectChange;
import java.time.Instant;
import java.util.List;

/**
 * The change report as plain data: what changed in one cluster between two states, as the
 * diff ({@code analysis.diff}) found it, with the headline counts. Built once by
 * {@link ChangeReports}; the XLSX, CSV and JSON renderers only read it.
 *
 * <p>The diff's own records (connectivity changes with their causes, finding changes, pair
 * summaries, relabelled namespaces) are kept as they are, so the report says exactly what the
 * diff says and the JSON can reuse {@link DiffJson}; only object changes get a row of their
 * own, which splits the diff's detail text into its differences for the spreadsheet.
 */
public record ChangeReport(Header header, Summary summary, List<ObjectRow> objects,
        List<ConnectivityChange> connectivity, List<FlowSummary> namespacePairs, List<FlowSummary> tenantPairs,
        List<FindingChange> findings, List<NamespaceRelabel> relabelled) {

    public ChangeReport {
        objects = List.copyOf(objects);
        connectivity = List.copyOf(connectivity);
        namespacePairs = List.copyOf(namespacePairs);
        tenantPairs = List.copyOf(tenantPairs);
        findings = List.copyOf(findings);
        relabelled = List.copyOf(relabelled);
    }

    /**
     * Which states were compared and when.
     *
     * @param cluster       the cluster's name (offline: as given)
     * @param from          the earlier state, or null when there is none to compare with
     * @param to            the later state
     * @param generatedAt   when this report was generated; also the workbook's creation time
     * @param engineVersion the version of netpol-auditor that computed the diff
     * @param note          a remark for people (e.g. why nothing was compared), or null
     */
    public record Header(String cluster, State from, State to, Instant generatedAt, String engineVersion,
            String note) {}

    /**
     * One compared state.
     *
     * @param snapshot the stored snapshot's id, or null for manifests read offline
     * @param source   for people: {@code snapshot 12 (scheduled)}, {@code manifests DIR}
     * @param at       when the state was captured, or null (manifests have no capture time)
     */
    public record State(Long snapshot, String source, Instant at) {}

    /**
     * The headline numbers. Flows are ordered endpoint pairs: newly allowed, no longer allowed,
     * or allowed on other ports. Findings: new, resolved, still open (on both sides) and
     * incomparable (their subject is gone). The scores are each side's audit score as the diff
     * audits it (no exceptions); {@code scoreBefore} is null without an earlier state.
     */
    public record Summary(long objectsAdded, long objectsRemoved, long objectsChanged, long flowsNewlyAllowed,
            long flowsNoLongerAllowed, long flowsPortsChanged, long findingsNew, long findingsResolved,
            long findingsStillOpen, long findingsIncomparable, Integer scoreBefore, int scoreAfter) {}

    /**
     * An object change with its differences one by one ({@code labels app=a -> app=b},
     * {@code spec.ingress[1] added}, or for an added or removed object what it was), the label
     * part alone ({@code labels} or {@code template labels}; null when labels did not change),
     * and for a relabelled namespace the rules whose peers it changes.
     */
    public record ObjectRow(ObjectChange change, List<String> differences, String labelChanges,
            List<String> peersOf) {
        public ObjectRow {
            differences = List.copyOf(differences);
            peersOf = List.copyOf(peersOf);
        }
    }
}
