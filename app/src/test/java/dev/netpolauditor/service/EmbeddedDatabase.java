package dev.netpolauditor.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.netpolauditor.store.Database;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.TableRows;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A real PostgreSQL 18 (embedded, in a temporary directory) migrated as the service migrates
 * it, reached through connection pools like the service's, so a test can also stop the server
 * under a running service. Counts the rows of every table for before/after comparisons.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final HikariDataSource pool;
    private boolean stopped;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.pool = newPool("test");
    }

    static EmbeddedDatabase start() throws IOException {
        EmbeddedDatabase db = new EmbeddedDatabase(EmbeddedPostgres.builder().start());
        Database.migrate(db.pool);
        return db;
    }

    DataSource dataSource() {
        return pool;
    }

    /** A store over the shared pool. */
    SnapshotStore store() {
        return store(pool);
    }

    /** A store over {@code dataSource}, configured as {@code Database} configures its own. */
    static SnapshotStore store(DataSource dataSource) {
        return new SnapshotStore(DSL.using(dataSource, SQLDialect.POSTGRES,
                new org.jooq.conf.Settings().withRenderSchema(false).withExecuteLogging(false)));
    }

    /** A jOOQ context over the shared pool, for the read-side queries. */
    org.jooq.DSLContext dsl() {
        return DSL.using(pool, SQLDialect.POSTGRES,
                new org.jooq.conf.Settings().withRenderSchema(false).withExecuteLogging(false));
    }

    /** Another pool on the same database: what a second replica of the service has. */
    HikariDataSource newPool(String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(postgres.getPostgresDatabase());
        config.setMaximumPoolSize(6);
        config.setConnectionTimeout(1500);
        config.setInitializationFailTimeout(-1);
        HikariDataSource created = new HikariDataSource(config);
        pools.add(created);
        return created;
    }

    /** Rows in every table but Flyway's, by table name. */
    Map<String, Long> counts() {
        return TableRows.count(pool);
    }

    static Map<String, Long> added(Map<String, Long> before, Map<String, Long> after) {
        return TableRows.added(before, after);
    }

    /**
     * Empties every table but the audit log, for a fresh history. The other append-only tables
     * (reviews) refuse a TRUNCATE through their triggers, which a replica session does not fire.
     */
    void empty() {
        List<String> tables = counts().keySet().stream().filter(t -> !t.equals("audit_log")).toList();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
            s.execute("SET session_replication_role = DEFAULT");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server; the pools stay, and fail to connect. */
    void stopServer() throws IOException {
        if (!stopped) {
            stopped = true;
            postgres.close();
        }
    }

    @Override
    public void close() throws IOException {
        pools.forEach(HikariDataSource::close);
        stopServer();
    }
}
