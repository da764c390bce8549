package dev.netpolauditor.report.xlsx;

import dev.netpolauditor.report.ReportTemplates;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The cell styles of the report, created once per combination (a workbook holds at most
 * 64,000 styles, and one style per cell would also be slow): number format, fill colour,
 * bold, header. Colours come from the templates.
 */
final class Styles {
    private final XSSFWorkbook workbook;
    private final ReportTemplates templates;
    private final Map<Key, CellStyle> styles = new HashMap<>();
    private final XSSFFont bold;
    private final XSSFFont header;
    private final XSSFFont title;

    private record Key(CellFormat format, String fill, boolean bold, boolean header) {}

    Styles(XSSFWorkbook workbook, ReportTemplates templates) {
        this.workbook = workbook;
        this.templates = templates;
        bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createFont();
        header.setBold(true);
        header.setColor(colour(templates.colour("colours.header-text")));
        title = workbook.createFont();
        title.setBold(true);
        title.setFontHeightInPoints((short) 16);
    }

    /** A data cell's style; {@code fillKey} is a template colour key or null. */
    CellStyle cell(CellFormat format, String fillKey, boolean isBold) {
        return styles.computeIfAbsent(new Key(format, fillKey, isBold, false), this::create);
    }

    CellStyle header() {
        return styles.computeIfAbsent(new Key(CellFormat.TEXT, "colours.header", true, true), this::create);
    }

    CellStyle title() {
        XSSFCellStyle style = workbook.createCellStyle();
        style.setFont(title);
        return style;
    }

    private CellStyle create(Key key) {
        XSSFCellStyle style = workbook.createCellStyle();
        if (key.format().numberFormat() != null) {
            style.setDataFormat(workbook.createDataFormat().getFormat(key.format().numberFormat()));
        }
        if (key.fill() != null) {
            style.setFillForegroundColor(colour(templates.colour(key.fill())));
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        }
        Font font = key.header() ? header : key.bold() ? bold : null;
        if (font != null) {
            style.setFont(font);
        }
        if (key.header()) {
            style.setBorderBottom(BorderStyle.THIN);
        }
        return style;
    }

    private static XSSFColor colour(String rgb) {
        return new XSSFColor(HexFormat.of().parseHex(rgb), null);
    }
}
