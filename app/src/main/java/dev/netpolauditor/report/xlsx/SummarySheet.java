package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.report.ReportTemplates;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The head of every workbook's summary sheet, the same in the compliance and the change
 * report: the title, the organisation of the branding (when set), a blank row, then a table
 * of facts (a label and a formatted value, optionally filled with a template colour).
 */
final class SummarySheet {
    private SummarySheet() {}

    /** One line of the facts table; {@code fill} is a template colour key, or null. */
    record Fact(String label, Object value, CellFormat format, String fill) {
        Fact(String label, Object value, CellFormat format) {
            this(label, value, format, null);
        }
    }

    /** A started summary sheet and the first row below its head. */
    record Started(XSSFSheet sheet, int next) {}

    /** Creates the sheet named by template key {@code sheetKey} and writes its title and organisation. */
    static Started start(XSSFWorkbook workbook, Styles styles, ReportTemplates templates, String sheetKey,
            String titleKey) {
        XSSFSheet sheet = workbook.createSheet(templates.text(sheetKey));
        Cell title = sheet.createRow(0).createCell(0);
        title.setCellValue(templates.text(titleKey));
        title.setCellStyle(styles.title());
        int next = 1;
        String organisation = templates.text("branding.organisation");
        if (!organisation.isEmpty()) {
            sheet.createRow(next++).createCell(0).setCellValue(organisation);
        }
        return new Started(sheet, next + 1);
    }

    /** Writes {@code facts} at {@code row} of {@code started}'s sheet; returns the row after the table. */
    static int facts(SheetWriter writer, Started started, String sheetKey, List<Fact> facts) {
        SheetSpec<Fact> spec = SheetSpec.of(sheetKey,
                Column.<Fact>text("columns.facts.item", 44, Fact::label).emphasised(),
                Column.<Fact>text("columns.facts.value", 70, Fact::value).formatted(Fact::format).filled(Fact::fill));
        return writer.table(started.sheet(), started.next(), spec, facts, false);
    }
}
