package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * V10 converts analyses stored before it: group_flow's ranges become bitmaps with the same
 * members, and tenant_cell keeps the number of its stored namespace pairs.
 */
class CompactAnalysisMigrationTest {
    @Test
    void rowsStoredBeforeTheMigrationKeepTheirMeaning() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource data = postgres.getPostgresDatabase();
            // the schema as it was just before V10, whichever migrations precede it
            String before = Arrays.stream(Flyway.configure().dataSource(data).load().info().all())
                    .map(m -> m.getVersion()).filter(v -> v.compareTo(MigrationVersion.fromVersion("10")) < 0)
                    .max(Comparator.naturalOrder()).orElseThrow().getVersion();
            Flyway.configure().dataSource(data).target(before).load().migrate();
            DSLContext db = DSL.using(data, SQLDialect.POSTGRES);
            db.execute("INSERT INTO object_set (sha256, object_count) VALUES (repeat('a', 64), 0)");
            db.execute("INSERT INTO analysis (object_set_id, engine_version, config_sha256, endpoints, endpoint_groups,"
                    + " score, open_high, open_medium, open_low, open_info, excepted)"
                    + " SELECT id, 'old', repeat('c', 64), 12, 12, 100, 0, 0, 0, 0, 0 FROM object_set");
            db.execute("INSERT INTO endpoint_group (analysis_id, group_id, namespace, members)"
                    + " SELECT a.id, g, 'ns', ARRAY['ns/p' || g] FROM analysis a, generate_series(0, 11) g");
            db.execute("INSERT INTO group_flow (analysis_id, to_group, ports, from_groups)"
                    + " SELECT id, 4, 'TCP:80', '{[0,3),[8,10),[11,12)}'::int4multirange FROM analysis");
            db.execute("INSERT INTO tenant_cell (analysis_id, from_tenant, to_tenant, endpoint_pairs, ports,"
                    + " example_from, example_to, example_ports, namespace_pairs) SELECT id, 'a', 'b', 3, 'TCP:80',"
                    + " 'x/p', 'y/q', 'TCP:80', '[{\"from\":\"x\",\"to\":\"y\",\"endpointPairs\":2,\"ports\":\"TCP:80\"},"
                    + " {\"from\":\"z\",\"to\":\"y\",\"endpointPairs\":1,\"ports\":\"TCP:80\"}]'::jsonb FROM analysis");

            Flyway.configure().dataSource(data).load().migrate();

            List<Integer> members = new ArrayList<>();
            for (int g = 0; g < 12; g++) {
                if (db.fetchValue("SELECT get_bit(from_groups, ?) FROM group_flow", g).equals(1)) {
                    members.add(g);
                }
            }
            assertEquals(List.of(0, 1, 2, 8, 9, 11), members);
            assertEquals(2, db.fetchValue("SELECT octet_length(from_groups) FROM group_flow"));
            assertEquals(2L, db.fetchValue("SELECT namespace_pair_count FROM tenant_cell"));
        }
    }
}
