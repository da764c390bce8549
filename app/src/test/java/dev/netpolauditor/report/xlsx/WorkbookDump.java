package dev.netpolauditor.report.xlsx;

import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A normalised text dump of a workbook for golden files: the sheets in order, each with its
 * frozen panes, auto-filter range, column widths and charts, then every cell: address, type,
 * value (numbers in plain form, date cells as ISO dates) or formula, and the style essentials
 * (bold, solid fill colour, number format). One line per cell, so a diff points at the cell.
 */
final class WorkbookDump {
    private WorkbookDump() {}

    static String dump(XSSFWorkbook workbook) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
            XSSFSheet sheet = workbook.getSheetAt(i);
            out.append("== sheet ").append(i + 1).append(": ").append(sheet.getSheetName()).append('\n');
            PaneInformation pane = sheet.getPaneInformation();
            out.append("frozen: ").append(pane == null || !pane.isFreezePane() ? "none"
                    : "rows " + pane.getHorizontalSplitPosition() + ", columns " + pane.getVerticalSplitPosition())
                    .append('\n');
            out.append("auto-filter: ").append(sheet.getCTWorksheet().isSetAutoFilter()
                    ? sheet.getCTWorksheet().getAutoFilter().getRef() : "none").append('\n');
            out.append("widths:");
            int columns = 0;
            for (Row row : sheet) {
                columns = Math.max(columns, row.getLastCellNum());
            }
            for (int c = 0; c < columns; c++) {
                out.append(' ').append(sheet.getColumnWidth(c) / 256);
            }
            out.append('\n');
            charts(out, sheet);
            for (Row row : sheet) {
                for (Cell cell : row) {
                    out.append(cell.getAddress().formatAsString()).append(' ').append(value(cell));
                    String style = style(cell.getCellStyle());
                    if (!style.isEmpty()) {
                        out.append("  [").append(style).append(']');
                    }
                    out.append('\n');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void charts(StringBuilder out, XSSFSheet sheet) {
        XSSFDrawing drawing = sheet.getDrawingPatriarch();
        if (drawing == null || drawing.getCharts().isEmpty()) {
            out.append("charts: none\n");
            return;
        }
        for (XSSFChart chart : drawing.getCharts()) {
            out.append("chart: \"").append(chart.getTitleText()).append("\"\n");
            for (XDDFChartData data : chart.getChartSeries()) {
                for (int s = 0; s < data.getSeriesCount(); s++) {
                    XDDFChartData.Series series = data.getSeries(s);
                    out.append("  ").append(data.getClass().getSimpleName()).append(" series ")
                            .append(series.getCategoryData().getDataRangeReference()).append(" -> ")
                            .append(series.getValuesData().getDataRangeReference()).append('\n');
                }
            }
        }
    }

    private static String value(Cell cell) {
        return switch (cell.getCellType()) {
            case STRING -> "text \"" + cell.getStringCellValue().replace("\\", "\\\\").replace("\n", "\\n")
                    .replace("\"", "\\\"") + "\"";
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? "date " + cell.getLocalDateTimeCellValue().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    : "number " + number(cell.getNumericCellValue());
            case FORMULA -> "formula =" + cell.getCellFormula();
            case BOOLEAN -> "boolean " + cell.getBooleanCellValue();
            case BLANK -> "blank";
            default -> cell.getCellType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.6f", d);
    }

    private static String style(CellStyle cellStyle) {
        XSSFCellStyle style = (XSSFCellStyle) cellStyle;
        StringBuilder out = new StringBuilder();
        if (style.getFont().getBold()) {
            out.append("bold");
        }
        if (style.getFillPattern() == FillPatternType.SOLID_FOREGROUND) {
            XSSFColor colour = style.getFillForegroundColorColor();
            out.append(out.isEmpty() ? "" : ", ").append("fill ")
                    .append(colour == null || colour.getRGB() == null ? "?" : HexFormat.of().withUpperCase()
                            .formatHex(colour.getRGB()));
        }
        if (style.getDataFormat() != 0) {
            out.append(out.isEmpty() ? "" : ", ").append("format ").append(style.getDataFormatString());
        }
        return out.toString();
    }
}
