package dev.netpolauditor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.diff.Cause;
import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.analysis.diff.Side;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The change report model of a hand-made pair of states, and its CSV and JSON. */
class ChangeReportsTest {

    @Test
    void countsAreThoseOfTheCase() throws Exception {
        ChangeReport report = ChangeFixture.build().report();
        ChangeReport.Summary s = report.summary();
        // about.md of diff-scope-changes: ops relabelled, db-in's rule inserted, batch terminated
        assertEquals(List.of(0L, 0L, 3L), List.of(s.objectsAdded(), s.objectsRemoved(), s.objectsChanged()));
        // ops/backup -> shop/db opens; the five flows to and from batch go
        assertEquals(List.of(1L, 5L, 0L), List.of(s.flowsNewlyAllowed(), s.flowsNoLongerAllowed(),
                s.flowsPortsChanged()));
        assertEquals(List.of(4L, 2L, 4L), List.of(s.findingsNew(), s.findingsResolved(), s.findingsIncomparable()));
    }

    /** Every identity of a side is accounted for once: new or still open after, resolved/incomparable or still open before. */
    @Test
    void stillOpenAccountsForEveryFindingOfBothSides() throws Exception {
        ChangeFixture.Built built = ChangeFixture.build();
        ChangeReport.Summary s = built.report().summary();
        assertTrue(s.findingsStillOpen() > 0);
        assertEquals(identities(built.to()), s.findingsNew() + s.findingsStillOpen());
        assertEquals(identities(built.from()), s.findingsResolved() + s.findingsIncomparable() + s.findingsStillOpen());
        assertEquals(built.from().audit().score(), s.scoreBefore());
        assertEquals(built.to().audit().score(), s.scoreAfter());
    }

    private static long identities(Side side) {
        return side.audit().findings().stream().filter(AuditedFinding::open).map(f -> f.finding().identity())
                .collect(Collectors.toSet()).size();
    }

    @Test
    void everyFlowHasItsCausesAndTheRelabelIsCalledOut() throws Exception {
        ChangeReport report = ChangeFixture.build().report();
        for (ConnectivityChange c : report.connectivity()) {
            assertFalse(c.causes().isEmpty(), c::toString);
            assertTrue(c.causes().stream().noneMatch(k -> k.kind() == Cause.Kind.UNATTRIBUTED), c::toString);
        }
        ConnectivityChange opened = report.connectivity().stream()
                .filter(c -> c.change() == ConnectivityChange.Change.ADDED).findFirst().orElseThrow();
        assertEquals("ops/backup -> shop/db", opened.from() + " -> " + opened.to());
        assertTrue(opened.causes().stream().anyMatch(k -> k.kind() == Cause.Kind.NAMESPACE_LABELS
                && k.name().equals("ops")), opened::toString);
        Set<Cause.Kind> removedKinds = report.connectivity().stream()
                .filter(c -> c.change() == ConnectivityChange.Change.REMOVED)
                .flatMap(c -> c.causes().stream()).map(Cause::kind).collect(Collectors.toSet());
        assertEquals(Set.of(Cause.Kind.ENDPOINT_REMOVED), removedKinds, "batch terminated: its endpoint is gone");

        ChangeReport.ObjectRow ops = row(report, "Namespace");
        assertEquals("labels team=operations -> team=ops", ops.labelChanges());
        assertEquals(List.of("shop/db-in ingress[2]"), ops.peersOf());
        ChangeReport.ObjectRow policy = row(report, "NetworkPolicy");
        assertEquals(List.of("spec.ingress[0] added"), policy.differences());
        assertNull(policy.labelChanges());
        ChangeReport.ObjectRow pod = row(report, "Pod");
        assertEquals(List.of("terminated false -> true"), pod.differences());
    }

    private static ChangeReport.ObjectRow row(ChangeReport report, String kind) {
        return report.objects().stream().filter(r -> r.change().kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void csvHasOneRowPerFlowWithItsCauses() throws Exception {
        ChangeReport report = ChangeFixture.build().report();
        StringBuilder out = new StringBuilder();
        ChangeCsvReport.write(report, out);
        List<String> lines = out.toString().lines().toList();
        assertTrue(out.toString().endsWith("\r\n"));
        assertEquals("change,from,to,before,after,cause_kinds,causes", lines.getFirst());
        assertEquals(report.connectivity().size() + 1, lines.size());
        assertTrue(lines.get(1).startsWith("removed,ops/backup,shop/batch,\"SCTP:1-65535,TCP:1-65535,UDP:1-65535\",,"),
                lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("added,ops/backup,shop/db,,")
                && l.contains("namespace_labels")), out::toString);
    }

    @Test
    void jsonUsesTheDiffVocabularyAndHoldsTheWholeModel() throws Exception {
        ChangeFixture.Built built = ChangeFixture.build();
        StringWriter out = new StringWriter();
        ChangeJsonReport.write(built.report(), out);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("change", json.get("kind").asText());
        assertEquals(5, json.get("summary").get("flowsNoLongerAllowed").asInt());
        assertTrue(json.get("header").get("from").get("snapshot").isNull());
        assertEquals(built.diff().connectivity().size(), json.get("connectivity").size());
        assertEquals(DiffJson.connectivity(built.diff().connectivity().getFirst(), true),
                json.get("connectivity").get(0));
        assertEquals(DiffJson.finding(built.diff().findings().getFirst()), json.get("findings").get(0));
        JsonNode namespace = json.get("objects").get(0);
        assertEquals("Namespace", namespace.get("kind").asText());
        assertEquals("shop/db-in ingress[2]", namespace.get("peersOf").get(0).asText());
        assertEquals(built.diff().tenantPairs().size(), json.get("tenantPairs").size());
    }

    @Test
    void withoutAnEarlierStateEverythingIsZeroAndSaysWhy() throws Exception {
        ChangeFixture.Built built = ChangeFixture.build();
        ChangeReport.Header header = new ChangeReport.Header("c", null, new ChangeReport.State(3L, "snapshot 3", null),
                ChangeFixture.GENERATED, "test", "no earlier snapshot");
        ChangeReport report = ChangeReports.withoutEarlierState(built.to(), header);
        assertNull(report.summary().scoreBefore());
        assertEquals(built.to().audit().score(), report.summary().scoreAfter());
        assertTrue(report.connectivity().isEmpty() && report.objects().isEmpty() && report.findings().isEmpty());
        StringWriter out = new StringWriter();
        ChangeJsonReport.write(report, out);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertTrue(json.get("header").get("from").isNull());
        assertEquals("no earlier snapshot", json.get("header").get("note").asText());
    }
}
