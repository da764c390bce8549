package dev.netpolauditor.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: an external PostgreSQL when a JDBC URL is configured, otherwise an
 * embedded PostgreSQL 18 whose data is kept in a directory. Either way the schema is migrated
 * by Flyway from {@code db/migrations} before anything else touches it.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Where the database is: {@code url} (with credentials), or the embedded one's data directory. */
    public record Settings(String url, String username, String password, Path embeddedDataDirectory,
            int maxPoolSize, Duration connectTimeout) {}

    private final LocalPostgres embedded;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final String description;

    private final String url;
    private final String username;
    private final String password;

    private Database(LocalPostgres embedded, HikariDataSource dataSource, String description) {
        this.embedded = embedded;
        this.url = dataSource.getJdbcUrl();
        this.username = dataSource.getUsername();
        this.password = dataSource.getPassword();
        this.dataSource = dataSource;
        this.description = description;
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES,
                new org.jooq.conf.Settings().withRenderSchema(false).withExecuteLogging(false));
    }

    /** Connects (starting the embedded database when no URL is set) and migrates the schema. */
    public static Database open(Settings settings) {
        boolean external = settings.url() != null && !settings.url().isBlank();
        LocalPostgres embedded = external ? null : LocalPostgres.start(settings.embeddedDataDirectory());
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("netpol-auditor");
        pool.setMaximumPoolSize(settings.maxPoolSize());
        pool.setConnectionTimeout(settings.connectTimeout().toMillis());
        // The pool connects lazily; Flyway below retries the first connection a few times, so a
        // database that is still starting does not fail the service.
        pool.setInitializationFailTimeout(-1);
        String description;
        if (external) {
            if (!settings.url().startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("netpol-auditor.database.url must be a PostgreSQL JDBC URL"
                        + " (jdbc:postgresql://host:5432/db), got: " + settings.url());
            }
            pool.setJdbcUrl(settings.url());
            pool.setUsername(settings.username());
            pool.setPassword(settings.password());
            description = "PostgreSQL at " + redact(settings.url());
        } else {
            pool.setJdbcUrl(embedded.jdbcUrl());
            pool.setUsername(embedded.username());
            pool.setPassword(embedded.password());
            description = "embedded PostgreSQL (data in " + embedded.dataDirectory() + ")";
        }
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            closeQuietly(embedded);
            if (unreachable(e)) {
                throw new IllegalStateException("cannot reach the database (" + description + "): " + rootMessage(e)
                        + "; check NETPOL_AUDITOR_DATABASE_URL, _USERNAME and _PASSWORD", e);
            }
            throw new IllegalStateException("cannot prepare the database schema (" + description + "): "
                    + rootMessage(e), e);
        }
        LOG.info("database: {}", description);
        return new Database(embedded, dataSource, description);
    }

    /** Applies the migrations on the classpath ({@code db/migration}); a no-op when current. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .connectRetries(5).load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Where the data is, without credentials. */
    public String description() {
        return description;
    }

    /**
     * A connection of its own, outside the pool, that gives up after {@code timeout} (connect,
     * log in, and each answer): what a health watch uses to tell quickly whether the database
     * is there, without waiting for the pool.
     */
    public Connection directConnection(Duration timeout) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        if (username != null) {
            p.setProperty("user", username);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
        p.setProperty("connectTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("socketTimeout", seconds);
        p.setProperty("ApplicationName", "netpol-auditor health");
        return java.sql.DriverManager.getConnection(url, p);
    }

    /** The first line of the innermost message: the database's or the network's own words. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                root = t;
            }
        }
        String message = root.getMessage() == null ? "no reason given" : root.getMessage().strip();
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Whether a connection can be had and answers within the timeout. */
    public boolean reachable(Duration timeout) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Whether {@code failure} (a data access exception, say) comes from not reaching the
     * database — no connection could be had, or it broke — rather than from the statement:
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, cannot connect
     * now), or the pool's and the driver's connection exceptions.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        dataSource.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(LocalPostgres embedded) {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The URL without a password given as a parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
