package dev.netpolauditor.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Row counts of every table of the schema, for "what did this add" comparisons in tests and benchmarks. */
public final class TableRows {
    private TableRows() {}

    /** Rows in every table but Flyway's, by table name. */
    public static Map<String, Long> count(DataSource dataSource) {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename <> 'flyway_schema_history'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                    r.next();
                    out.put(table, r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting rows: " + e.getMessage(), e);
        }
        return out;
    }

    /** Tables whose row count changed from {@code before} to {@code after}, with the change. */
    public static Map<String, Long> added(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((table, rows) -> {
            long delta = rows - before.getOrDefault(table, 0L);
            if (delta != 0) {
                out.put(table, delta);
            }
        });
        return out;
    }
}
