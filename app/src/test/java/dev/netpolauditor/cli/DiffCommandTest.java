package dev.netpolauditor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.netpolauditor.report.ChangeFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff --format xlsx}: the change report of two manifest directories, offline. */
class DiffCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run diff(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 5];
        all[0] = "diff";
        all[1] = "--from";
        all[2] = ChangeFixture.CASE.resolve("from").toString();
        all[3] = "--to";
        all[4] = ChangeFixture.CASE.resolve("to").toString();
        System.arraycopy(args, 0, all, 5, args.length);
        int exit = Cli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theChangeWorkbookIsWrittenToTheOutputFile() throws Exception {
        Path file = tmp.resolve("changes.xlsx");
        Run run = diff("--tenant-label", "team", "--format", "xlsx", "--output", file.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        ChangeFixture.Built expected = ChangeFixture.build();
        try (XSSFWorkbook workbook = new XSSFWorkbook(Files.newInputStream(file))) {
            assertEquals("Change summary", workbook.getSheetName(0));
            assertEquals(expected.report().connectivity().size(),
                    workbook.getSheet("Connectivity changes").getLastRowNum());
            assertEquals(expected.report().findings().size(), workbook.getSheet("Finding changes").getLastRowNum());
            assertEquals(expected.report().tenantPairs().size(), workbook.getSheet("Tenant pairs").getLastRowNum());
        }
    }

    @Test
    void theWorkbookNeedsAnOutputFileAndTemplatesNeedTheWorkbook() {
        Run run = diff("--format", "xlsx");
        assertEquals(Cli.INVALID_INPUT, run.exit());
        assertEquals("netpol-auditor diff: --format xlsx writes a binary spreadsheet: give the file with --output"
                + " FILE", run.err().strip());
        Run templates = diff("--templates", tmp.toString());
        assertEquals(Cli.INVALID_INPUT, templates.exit());
        assertFalse(templates.err().isEmpty());
    }
}
