package dev.netpolauditor.report.xlsx;

import static org.junit.jupiter.api.Assertions.fail;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/** Reads a summary sheet the way a person does: the value to the right of a label. */
public final class SummaryCells {
    private SummaryCells() {}

    /** The number beside {@code label} in the first column; fails the test when there is none. */
    public static double number(Sheet summary, String label) {
        for (Row row : summary) {
            if (row.getCell(0) != null && label.equals(row.getCell(0).getStringCellValue())) {
                return row.getCell(1).getNumericCellValue();
            }
        }
        return fail("no '" + label + "' in the summary");
    }
}
