package dev.netpolauditor.report.xlsx;

import java.util.function.Function;

/**
 * One column of a sheet: the template key of its header text, its width in characters, how
 * its cells are written, the value of a row, and optionally the fill colour of a row's cell
 * (a template colour key, or null for none) and whether the cell is bold.
 *
 * @param format per row, so a column of mixed facts (the summary) can hold numbers, dates and text
 */
public record Column<T>(String header, int width, Function<? super T, CellFormat> format,
        Function<? super T, ?> value, Function<? super T, String> fill, boolean bold) {

    public static <T> Column<T> of(String header, int width, CellFormat format, Function<? super T, ?> value) {
        return new Column<>(header, width, row -> format, value, row -> null, false);
    }

    public static <T> Column<T> text(String header, int width, Function<? super T, ?> value) {
        return of(header, width, CellFormat.TEXT, value);
    }

    public static <T> Column<T> integer(String header, int width, Function<? super T, ?> value) {
        return of(header, width, CellFormat.INTEGER, value);
    }

    public static <T> Column<T> number(String header, int width, Function<? super T, ?> value) {
        return of(header, width, CellFormat.NUMBER, value);
    }

    public static <T> Column<T> percent(String header, int width, Function<? super T, ?> value) {
        return of(header, width, CellFormat.PERCENT, value);
    }

    public static <T> Column<T> date(String header, int width, Function<? super T, ?> value) {
        return of(header, width, CellFormat.DATE, value);
    }

    public static <T> Column<T> dateTime(String header, int width, Function<? super T, ?> value) {
        return of(header, width, CellFormat.DATE_TIME, value);
    }

    /** This column with each row's cell filled with the template colour its row names (null: no fill). */
    public Column<T> filled(Function<? super T, String> colourKey) {
        return new Column<>(header, width, format, value, colourKey, bold);
    }

    /** This column with the format chosen per row. */
    public Column<T> formatted(Function<? super T, CellFormat> perRow) {
        return new Column<>(header, width, perRow, value, fill, bold);
    }

    public Column<T> emphasised() {
        return new Column<>(header, width, format, value, fill, true);
    }
}
