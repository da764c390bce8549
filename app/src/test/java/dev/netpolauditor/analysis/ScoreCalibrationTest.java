package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The calibration of {@link Score}: each estate of {@link ScoreCalibration#TABLE} is audited
 * from its manifests (under {@code src/test/resources/calibration/}, the repository's own
 * {@code deploy/} and {@code examples/}) and must have the figures the table publishes, and
 * the targets of the score's design must hold on them.
 */
class ScoreCalibrationTest {

    /** Where each estate's manifests are, relative to the module directory. */
    static final Map<String, Path> ESTATES = Map.of(
            "Locked down both ways, DNS open to every namespace", calibration("locked-down-dns"),
            "netpol-auditor's own deploy/", Path.of("../deploy"),
            "StackRox (ACS) security demo", calibration("stackrox-demo"),
            "Locked down with DNS, plus ten stale policies (10 low)", calibration("ten-low-findings"),
            "Locked down with DNS, plus one cross-tenant leak", calibration("tenant-leak"),
            "Online Boutique (np-guard's policies)", calibration("online-boutique"),
            "examples/web-api-db (the README's example)", Path.of("../examples/web-api-db"),
            "Wide open: the same workloads without any policy", calibration("wide-open"));

    static Path calibration(String name) {
        return Path.of("src/test/resources/calibration", name, "manifests");
    }

    static ScoreCalibration measure(String estate) throws Exception {
        AuditReport report = Audit.run(ManifestReader.read(ESTATES.get(estate)),
                new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(), LocalDate.of(2026, 1, 1)));
        Map<Severity, Long> open = report.openBySeverity();
        long routine = report.findings().stream().filter(f -> f.open() && f.finding().routine()).count();
        long endpoints = report.coverage().cluster().endpoints();
        return new ScoreCalibration(estate, endpoints, open.get(Severity.HIGH), open.get(Severity.MEDIUM),
                open.get(Severity.LOW), routine, Score.v1(endpoints, open.get(Severity.HIGH),
                        open.get(Severity.MEDIUM), open.get(Severity.LOW)), report.score());
    }

    @Test
    void everyEstateHasThePublishedFigures() throws Exception {
        assertEquals(ESTATES.keySet(), new java.util.HashSet<>(
                ScoreCalibration.TABLE.stream().map(ScoreCalibration::estate).toList()), "one estate per row");
        List<String> wrong = new ArrayList<>();
        for (ScoreCalibration published : ScoreCalibration.TABLE) {
            ScoreCalibration measured = measure(published.estate());
            if (!measured.equals(published)) {
                wrong.add("published " + published + "\n measured " + measured);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theReadmePublishesTheSameTable() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("../README.md"));
        for (ScoreCalibration r : ScoreCalibration.TABLE) {
            String row = "| " + String.join(" | ", r.estate(), String.valueOf(r.endpoints()), String.valueOf(r.high()),
                    String.valueOf(r.medium()), String.valueOf(r.low()), String.valueOf(r.routine()),
                    String.valueOf(r.scoreV1()), String.valueOf(r.score())) + " |";
            assertTrue(readme.contains(row), "the README's calibration table lacks " + row);
        }
    }

    @Test
    void theTargetsHold() throws Exception {
        assertTrue(measure("Locked down both ways, DNS open to every namespace").score() >= 90,
                "isolated both ways, only DNS open to all namespaces: at least 90");
        assertTrue(measure("Wide open: the same workloads without any policy").score() < 10,
                "no policy at all: under 10");
        assertTrue(measure("Locked down with DNS, plus one cross-tenant leak").score()
                        < measure("Locked down with DNS, plus ten stale policies (10 low)").score(),
                "one cross-tenant leak costs more than ten low findings");
        assertTrue(measure("StackRox (ACS) security demo").score()
                        > measure("Online Boutique (np-guard's policies)").score(),
                "every endpoint isolated beats one database open to anyone");
    }
}
