package dev.netpolauditor.build;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes from the real schema: starts an embedded PostgreSQL 18, applies
 * the Flyway migrations, runs jOOQ's {@link GenerationTool} with {@code PostgresDatabase}
 * on the {@code public} schema, stops the database.
 *
 * <p>Usage: {@code JooqCodegen <migrations dir> <target dir> <package>}.
 */
public final class JooqCodegen {
    private JooqCodegen() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JooqCodegen <migrations dir> <target dir> <package>");
            System.exit(2);
        }
        Path migrations = Path.of(args[0]).toAbsolutePath().normalize();
        Path target = Path.of(args[1]).toAbsolutePath().normalize();
        String packageName = args[2];
        if (!Files.isDirectory(migrations)) {
            throw new IllegalArgumentException("no migrations directory " + migrations);
        }
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        long start = System.nanoTime();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            long started = System.nanoTime();
            DataSource dataSource = postgres.getPostgresDatabase();
            int applied = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate().migrationsExecuted;
            long migrated = System.nanoTime();
            try (Connection connection = dataSource.getConnection()) {
                GenerationTool tool = new GenerationTool();
                tool.setConnection(connection);
                tool.run(configuration(target, packageName));
            }
            long generated = System.nanoTime();
            System.out.printf("jOOQ classes for %d migration(s) generated into %s in %d ms"
                            + " (PostgreSQL %d ms, Flyway %d ms, jOOQ %d ms)%n",
                    applied, target, ms(generated - start), ms(started - start), ms(migrated - started),
                    ms(generated - migrated));
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static Configuration configuration(Path target, String packageName) {
        return new Configuration()
                .withLogging(Logging.WARN)
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withOutputSchemaToDefault(true)
                                .withIncludes(".*")
                                .withExcludes("flyway_schema_history"))
                        .withGenerate(new Generate()
                                .withJavaTimeTypes(true)
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withGeneratedAnnotation(false)
                                .withComments(true))
                        .withTarget(new Target()
                                .withPackageName(packageName)
                                .withDirectory(target.toString())
                                .withClean(true)));
    }
}
