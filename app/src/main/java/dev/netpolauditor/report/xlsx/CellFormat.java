package dev.netpolauditor.report.xlsx;

/**
 * How a column's values are written: the cell type and number format. A value of the wrong
 * Java type for its format is a programming error; null is an empty cell.
 */
public enum CellFormat {
    /** A {@code String} (anything else through {@code toString}). */
    TEXT(null),
    /** A whole number ({@code Number}). */
    INTEGER("0"),
    /** A number with up to three decimals ({@code Number}), as a Calico order. */
    NUMBER("0.###"),
    /** A fraction from 0 to 1 ({@code Number}), shown as a percentage with one decimal. */
    PERCENT("0.0%"),
    /** A {@code LocalDate}, as a real date cell. */
    DATE("yyyy-mm-dd"),
    /** An {@code Instant}, as a real date cell in UTC. */
    DATE_TIME("yyyy-mm-dd hh:mm:ss");

    private final String numberFormat;

    CellFormat(String numberFormat) {
        this.numberFormat = numberFormat;
    }

    /** The Excel number format, or null for the general format. */
    public String numberFormat() {
        return numberFormat;
    }
}
