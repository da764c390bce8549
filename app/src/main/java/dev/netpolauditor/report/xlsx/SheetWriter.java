package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.report.ReportTemplates;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * The one row loop of the report: writes the rows of a {@link SheetSpec} as cells, on sheets
 * of their own (header row frozen, auto-filter, split into "Name (2)", ... before
 * {@code maxRows}) or as a table on an existing sheet.
 */
final class SheetWriter {
    /** Excel's limit on the characters of a cell. */
    static final int MAX_CELL_TEXT = 32_767;

    private final Workbook workbook;
    private final Styles styles;
    private final ReportTemplates templates;
    private final int maxRows;

    SheetWriter(Workbook workbook, Styles styles, ReportTemplates templates, int maxRows) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("a sheet needs room for its header and one row, not " + maxRows);
        }
        this.workbook = workbook;
        this.styles = styles;
        this.templates = templates;
        this.maxRows = maxRows;
    }

    /** The rows on sheets named by {@code spec}; at least one sheet, even without rows. */
    <T> List<Sheet> sheets(SheetSpec<T> spec, Iterable<T> rows) {
        String name = templates.text(spec.name());
        List<Sheet> sheets = new ArrayList<>();
        Iterator<T> it = rows.iterator();
        do {
            Sheet sheet = workbook.createSheet(sheets.isEmpty() ? name : name + " (" + (sheets.size() + 1) + ")");
            sheets.add(sheet);
            int next = header(sheet, 0, spec);
            while (next < maxRows && it.hasNext()) {
                row(sheet.createRow(next++), spec, it.next());
            }
            sheet.createFreezePane(0, 1);
            sheet.setAutoFilter(new CellRangeAddress(0, next - 1, 0, spec.columns().size() - 1));
        } while (it.hasNext());
        return sheets;
    }

    /** The rows as a table from row {@code first} of {@code sheet}; returns the next free row. */
    <T> int table(Sheet sheet, int first, SheetSpec<T> spec, List<T> rows, boolean withHeader) {
        int next = withHeader ? header(sheet, first, spec) : first;
        widths(sheet, spec);
        for (T row : rows) {
            row(sheet.createRow(next++), spec, row);
        }
        return next;
    }

    private <T> int header(Sheet sheet, int at, SheetSpec<T> spec) {
        widths(sheet, spec);
        Row row = sheet.createRow(at);
        for (int i = 0; i < spec.columns().size(); i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(templates.text(spec.columns().get(i).header()));
            cell.setCellStyle(styles.header());
        }
        return at + 1;
    }

    /** Widens columns to the spec's widths (tables sharing a sheet keep the widest). */
    private static <T> void widths(Sheet sheet, SheetSpec<T> spec) {
        for (int i = 0; i < spec.columns().size(); i++) {
            int width = Math.min(255, spec.columns().get(i).width()) * 256;
            if (sheet.getColumnWidth(i) < width) {
                sheet.setColumnWidth(i, width);
            }
        }
    }

    private <T> void row(Row row, SheetSpec<T> spec, T value) {
        for (int i = 0; i < spec.columns().size(); i++) {
            Column<T> column = spec.columns().get(i);
            Object v = column.value().apply(value);
            String fill = column.fill().apply(value);
            if (v == null && fill == null) {
                continue;
            }
            CellFormat format = column.format().apply(value);
            Cell cell = row.createCell(i);
            cell.setCellStyle(styles.cell(format, fill, column.bold()));
            if (v != null) {
                set(cell, format, v);
            }
        }
    }

    private static void set(Cell cell, CellFormat format, Object v) {
        switch (format) {
            case TEXT -> cell.setCellValue(text(v.toString()));
            case INTEGER, NUMBER, PERCENT -> cell.setCellValue(((Number) v).doubleValue());
            case DATE -> cell.setCellValue((LocalDate) v);
            case DATE_TIME -> cell.setCellValue(LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
        }
    }

    /** Text cut to what a cell can hold, saying so. */
    static String text(String s) {
        if (s.length() <= MAX_CELL_TEXT) {
            return s;
        }
        String mark = " [... cut: " + s.length() + " characters]";
        return s.substring(0, MAX_CELL_TEXT - mark.length()) + mark;
    }
}
