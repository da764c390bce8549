package dev.netpolauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --network-plugin} on the commands that read manifests, and the line each output gives
 * an API group whose objects were skipped because its plugin is not known (cni-policies.md,
 * "Which kinds count"): a warning on stderr, a line in the text and spreadsheet reports.
 */
class NetworkPluginOptionTest {

    private static final String WARNING = "2 objects of projectcalico.org/v3 were not analysed: Calico is not known"
            + " to run (no calico or canal DaemonSet among the inputs); if it runs, name it with --network-plugin"
            + " calico";

    @TempDir
    Path tmp;
    Path manifests;

    @BeforeEach
    void setUp() throws IOException {
        manifests = Files.createDirectories(tmp.resolve("manifests"));
        Files.writeString(manifests.resolve("calico.yaml"), """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: default-deny}
                spec: {selector: all(), types: [Ingress]}
                ---
                apiVersion: projectcalico.org/v3
                kind: Tier
                metadata: {name: security}
                spec: {order: 100}
                """);
        Files.writeString(manifests.resolve("pods.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop, labels: {app: web}}
                spec:
                  containers: [{name: main, image: nginx}]
                """);
    }

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandWarnsOncePerSkippedGroup() {
        for (String command : List.of("connectivity", "audit")) {
            Run run = run(command, "--manifests", manifests.toString());
            assertEquals(0, run.exit(), run.err());
            assertEquals("netpol-auditor " + command + ": warning: " + WARNING + "\n", run.err());
        }
        Run diff = run("diff", "--from", manifests.toString(), "--to", manifests.toString());
        assertEquals("netpol-auditor diff: warning: --from: " + WARNING + "\nnetpol-auditor diff: warning: --to: "
                + WARNING + "\n", diff.err());
    }

    @Test
    void namingThePluginAnalysesItsKinds() {
        for (String command : List.of("connectivity", "audit")) {
            Run run = run(command, "--manifests", manifests.toString(), "--network-plugin", "calico");
            assertEquals(0, run.exit(), run.err());
            assertEquals("", run.err(), "nothing skipped, nothing to warn about");
        }
        Run diff = run("diff", "--from", manifests.toString(), "--to", manifests.toString(), "--network-plugin",
                "CALICO");
        assertEquals("", diff.err());
    }

    @Test
    void theTextReportSaysWhatWasNotAnalysed() {
        Run run = run("audit", "--manifests", manifests.toString(), "--format", "text");
        assertEquals(0, run.exit(), run.err());
        String header = run.out().substring(0, run.out().indexOf("How to read this report"));
        assertTrue(header.contains("Not analysed   2 objects of projectcalico.org/v3 were not analysed"), header);
        Run named = run("audit", "--manifests", manifests.toString(), "--format", "text", "--network-plugin", "calico");
        assertFalse(named.out().contains("Not analysed"), named.out());
    }

    @Test
    void theSpreadsheetSummarySaysWhatWasNotAnalysed() throws IOException {
        Path xlsx = tmp.resolve("report.xlsx");
        Run run = run("audit", "--manifests", manifests.toString(), "--format", "xlsx", "--output", xlsx.toString());
        assertEquals(0, run.exit(), run.err());
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(xlsx))) {
            List<String> facts = new ArrayList<>();
            for (Row row : workbook.getSheetAt(0)) {
                Cell name = row.getCell(0);
                Cell value = row.getCell(1);
                if (name != null && value != null && name.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                        && value.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
                    facts.add(name.getStringCellValue() + ": " + value.getStringCellValue());
                }
            }
            assertTrue(facts.contains("Not analysed: " + WARNING.substring(0, WARNING.indexOf("; if it runs"))
                    + "; if it runs, name it with --network-plugin calico"), facts.toString());
        }
    }

    @Test
    void anUnknownPluginNameIsInvalidInput() {
        Run run = run("audit", "--manifests", manifests.toString(), "--network-plugin", "flannel");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertEquals("netpol-auditor audit: --network-plugin flannel: unknown plugin; name calico or cilium (the "
                + "plugins whose own policy kinds are analysed)\n", run.err());
    }
}
