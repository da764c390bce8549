package dev.netpolauditor.report.xlsx;

import java.util.List;

/**
 * A table declared as its columns; {@link SheetWriter} turns any list of rows into cells with
 * one generic loop.
 *
 * @param name the template key of the sheet's name (for a table on a sheet of its own)
 */
public record SheetSpec<T>(String name, List<Column<T>> columns) {
    public SheetSpec {
        columns = List.copyOf(columns);
    }

    @SafeVarargs
    public static <T> SheetSpec<T> of(String name, Column<T>... columns) {
        return new SheetSpec<>(name, List.of(columns));
    }
}
