package dev.netpolauditor.report.xlsx;

import static dev.netpolauditor.report.xlsx.SummaryCells.number;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netpolauditor.analysis.diff.ConnectivityChange;
import dev.netpolauditor.report.ChangeFixture;
import dev.netpolauditor.report.ChangeReport;
import dev.netpolauditor.report.ReportTemplates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The change workbook: a golden text dump ({@link WorkbookDump}) of the {@link ChangeFixture}
 * case, its numbers against the model's, and determinism. Regenerate the golden with
 * {@code -Dgolden.update=true} after an intended change and review the diff.
 */
class ChangeXlsxReportTest {
    private static final Path GOLDEN = Path.of("src/test/resources/report/change-scope-changes.xlsx.txt");

    static byte[] render(ChangeReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChangeXlsxReport.write(report, ReportTemplates.bundled(), out);
        return out.toByteArray();
    }

    @Test
    void goldenDump() throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(render(ChangeFixture.build()
                .report())))) {
            String dump = WorkbookDump.dump(workbook);
            if (Boolean.getBoolean("golden.update")) {
                Files.writeString(GOLDEN, dump, StandardCharsets.UTF_8);
                return;
            }
            assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), dump,
                    () -> "workbook dump differs from " + GOLDEN + " (after an intended change, rerun with"
                            + " -Dgolden.update=true and review the diff)");
        }
    }

    @Test
    void theNumbersAreTheModelsAndEveryChangeHasARow() throws Exception {
        ChangeReport report = ChangeFixture.build().report();
        ChangeReport.Summary s = report.summary();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(render(report)))) {
            assertEquals(List.of("Change summary", "Connectivity changes", "Object changes", "Namespace pairs",
                    "Tenant pairs", "Finding changes"), sheetNames(workbook));
            XSSFSheet summary = workbook.getSheet("Change summary");
            assertEquals(s.flowsNewlyAllowed(), (long) number(summary, "Flows newly allowed"));
            assertEquals(s.flowsNoLongerAllowed(), (long) number(summary, "Flows no longer allowed"));
            assertEquals(s.objectsChanged(), (long) number(summary, "Objects changed"));
            assertEquals(s.findingsNew(), (long) number(summary, "Findings new"));
            assertEquals(s.findingsStillOpen(), (long) number(summary, "Findings still open"));
            assertEquals(s.scoreAfter(), (int) number(summary, "Score after"));

            XSSFSheet flows = workbook.getSheet("Connectivity changes");
            assertEquals(report.connectivity().size(), flows.getLastRowNum());
            for (int i = 0; i < report.connectivity().size(); i++) {
                ConnectivityChange c = report.connectivity().get(i);
                Row row = flows.getRow(i + 1);
                assertEquals(c.change().wireName(), row.getCell(0).getStringCellValue());
                assertEquals(c.from(), row.getCell(1).getStringCellValue());
                assertEquals(c.causes().getFirst().text(), row.getCell(6).getStringCellValue().split("; ")[0]);
            }
            assertEquals(report.objects().size(), workbook.getSheet("Object changes").getLastRowNum());
            assertEquals(report.findings().size(), workbook.getSheet("Finding changes").getLastRowNum());
            assertEquals(report.namespacePairs().size(), workbook.getSheet("Namespace pairs").getLastRowNum());
        }
    }

    @Test
    void sameReportSameBytesAndNoTenantSheetWithoutTenants() throws Exception {
        ChangeReport report = ChangeFixture.build().report();
        assertArrayEquals(render(report), render(report));
        ChangeReport untenanted = new ChangeReport(report.header(), report.summary(), report.objects(),
                report.connectivity(), report.namespacePairs(), List.of(), report.findings(), report.relabelled());
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(render(untenanted)))) {
            assertNull(workbook.getSheet("Tenant pairs"));
        }
    }

    private static List<String> sheetNames(XSSFWorkbook workbook) {
        List<String> names = new java.util.ArrayList<>();
        workbook.forEach(sheet -> names.add(sheet.getSheetName()));
        return names;
    }
}
