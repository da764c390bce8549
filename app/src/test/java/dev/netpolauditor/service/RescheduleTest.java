package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.bench.SyntheticCluster;
import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.store.HistoryQueries;
import dev.netpolauditor.store.SnapshotQueries;
import dev.netpolauditor.store.SnapshotStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * History keeps its meaning on a live cluster: when every pod is rescheduled (deleted and
 * recreated by its ReplicaSet, Job or StatefulSet: new names for most, new addresses for all,
 * the same labels), the next snapshot through the fake API stores new pod objects but shares
 * the stored analysis, so its findings are the same rows and the finding lifecycle sees no
 * finding close or open. The analysis input leaves out pod names and addresses of members,
 * their controllers' names and their count; what it keeps is shown by the last test: a label
 * change on the members is a new analysis.
 */
class RescheduleTest {
    private static EmbeddedDatabase database;
    private static SnapshotStore store;

    private ServedCluster cluster;
    private SnapshotService service;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = EmbeddedDatabase.start();
        store = database.store();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        database.close();
    }

    @BeforeEach
    void serveLiveCluster() throws Exception {
        database.empty();
        cluster = ServedCluster.start(SyntheticCluster.live(11, 300));
        service = cluster.service(store);
    }

    @AfterEach
    void stop() {
        service.close();
        cluster.close();
    }

    /** Every pod of a workload recreated: a new name suffix (StatefulSet pods keep theirs), a new address. */
    private static List<Pod> rescheduled(ClusterState state, int generation) {
        List<Pod> out = new ArrayList<>();
        int n = 0;
        for (Pod p : state.pods()) {
            n++;
            boolean owned = p.controller() != null;
            boolean keepsName = owned && p.controller().kind().equals("StatefulSet");
            String name = !owned || keepsName ? p.name()
                    : p.name().substring(0, p.name().lastIndexOf('-') + 1) + "r" + generation + "x" + n;
            List<String> ips = !owned ? p.podIps() : List.of("10.200." + generation + "." + (n % 250 + 1));
            out.add(new Pod(p.namespace(), name, p.labels(), p.ports(), p.hostNetwork(), p.phase(), ips,
                    p.controller(), p.source()));
        }
        return out;
    }

    @Test
    void aRescheduledClusterSharesItsAnalysisAndOpensNoFinding() {
        SnapshotRunner.Outcome before = service.run(ServedCluster.NAME, "manual");
        assertTrue(before.complete(), before.reason());
        long owned = cluster.state().pods().stream().filter(p -> p.controller() != null).count();
        assertTrue(owned > 250, "the live shape: almost every pod has a controller");

        cluster.replacePods(rescheduled(cluster.state(), 1));
        SnapshotRunner.Outcome after = service.run(ServedCluster.NAME, "schedule");
        assertTrue(after.complete(), after.reason());

        assertNotEquals(before.content().contentSha256(), after.content().contentSha256(),
                "the objects changed: new pods");
        assertEquals(before.content().analysisInputSha256(), after.content().analysisInputSha256(),
                "what the analysis reads did not");
        assertTrue(after.analysisShared(), "the second snapshot shares the stored analysis");
        SnapshotQueries queries = new SnapshotQueries(database.dsl());
        assertEquals(findings(queries, before.snapshotId()), findings(queries, after.snapshotId()));

        HistoryQueries history = new HistoryQueries(database.dsl());
        var lifecycle = history.lifecycle(ServedCluster.NAME, null, null,
                new HistoryQueries.LifecycleFilter(null, null, null, null), Instant.now(), 10_000, 0).items();
        assertFalse(lifecycle.isEmpty());
        assertTrue(lifecycle.stream().allMatch(f -> f.open() && f.snapshotsSeen() == 2 && f.reopened() == 0
                && f.firstSeenSnapshot() == before.snapshotId()), "no finding closed or opened by the reschedule");
        assertTrue(lifecycle.stream().noneMatch(f -> f.subject().matches(".*-r1x\\d+.*")),
                "no finding names a pod of a workload");
    }

    @Test
    void aLabelChangeOnTheMembersIsANewAnalysis() {
        SnapshotRunner.Outcome before = service.run(ServedCluster.NAME, "manual");
        List<Pod> relabelled = new ArrayList<>();
        boolean changed = false;
        for (Pod p : cluster.state().pods()) {
            if (!changed && p.controller() != null && p.controller().kind().equals("ReplicaSet")) {
                Map<String, String> labels = new TreeMap<>(p.labels());
                labels.put("tier", "changed");
                p = new Pod(p.namespace(), p.name(), labels, p.ports(), p.hostNetwork(), p.phase(), p.podIps(),
                        p.controller(), p.source());
                changed = true;
            }
            relabelled.add(p);
        }
        cluster.replacePods(relabelled);
        SnapshotRunner.Outcome after = service.run(ServedCluster.NAME, "schedule");
        assertTrue(after.complete(), after.reason());
        assertNotEquals(before.content().analysisInputSha256(), after.content().analysisInputSha256());
        assertFalse(after.analysisShared());
    }

    private static List<String> findings(SnapshotQueries queries, long snapshot) {
        return queries.findings(snapshot, new SnapshotQueries.FindingFilter(null, null, null, null, null), 100_000, 0)
                .items().stream().map(f -> f.finding().rule() + " " + f.finding().namespace() + " "
                        + f.finding().subject() + " " + f.finding().policy()).toList();
    }
}
