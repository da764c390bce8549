package dev.netpolauditor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * The whole {@link ChangeReport} as one JSON document, in the vocabulary of the API's diff
 * ({@code GET /api/v1/clusters/{cluster}/diff}): the same camelCase sections ({@code objects},
 * {@code connectivity} with causes, {@code findings}, {@code relabelled},
 * {@code namespacePairs}, {@code tenantPairs}) written by {@link DiffJson}, so a consumer of
 * one reads the other; plus {@code header} and {@code summary}. An object change adds its
 * {@code differences}, {@code labelChanges} and {@code peersOf}. Times ISO-8601, nulls
 * written, indented, ending with a newline.
 */
public final class ChangeJsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ChangeJsonReport() {}

    public static void write(ChangeReport report, Writer out) throws IOException {
        out.write(MAPPER.writeValueAsString(tree(report)));
        out.write('\n');
    }

    public static ObjectNode tree(ChangeReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", "change");
        ChangeReport.Header h = report.header();
        ObjectNode header = root.putObject("header");
        header.put("cluster", h.cluster());
        header.set("from", state(h.from()));
        header.set("to", state(h.to()));
        header.put("generatedAt", text(h.generatedAt()));
        header.put("engineVersion", h.engineVersion());
        header.put("note", h.note());
        ChangeReport.Summary s = report.summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("objectsAdded", s.objectsAdded());
        summary.put("objectsRemoved", s.objectsRemoved());
        summary.put("objectsChanged", s.objectsChanged());
        summary.put("flowsNewlyAllowed", s.flowsNewlyAllowed());
        summary.put("flowsNoLongerAllowed", s.flowsNoLongerAllowed());
        summary.put("flowsPortsChanged", s.flowsPortsChanged());
        summary.put("findingsNew", s.findingsNew());
        summary.put("findingsResolved", s.findingsResolved());
        summary.put("findingsStillOpen", s.findingsStillOpen());
        summary.put("findingsIncomparable", s.findingsIncomparable());
        summary.put("scoreBefore", s.scoreBefore());
        summary.put("scoreAfter", s.scoreAfter());
        ArrayNode objects = root.putArray("objects");
        for (ChangeReport.ObjectRow row : report.objects()) {
            ObjectNode node = DiffJson.object(row.change());
            row.differences().forEach(node.putArray("differences")::add);
            node.put("labelChanges", row.labelChanges());
            row.peersOf().forEach(node.putArray("peersOf")::add);
            objects.add(node);
        }
        ArrayNode connectivity = root.putArray("connectivity");
        report.connectivity().forEach(c -> connectivity.add(DiffJson.connectivity(c, true)));
        DiffJson.findingsAndSummaries(root, report.findings(), report.relabelled(), report.namespacePairs(),
                report.tenantPairs());
        return root;
    }

    private static ObjectNode state(ChangeReport.State state) {
        if (state == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("snapshot", state.snapshot());
        node.put("source", state.source());
        node.put("at", text(state.at()));
        return node;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
