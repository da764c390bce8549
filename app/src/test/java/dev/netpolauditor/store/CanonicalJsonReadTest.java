package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.report.AuditFixture;
import dev.netpolauditor.snapshot.ManifestReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CanonicalJson#read} is the inverse of the canonical forms the store writes. */
class CanonicalJsonReadTest {

    @Test
    void theAuditFixtureRoundTrips(@TempDir Path tmp) throws Exception {
        roundTrip(ManifestReader.read(AuditFixture.writeCluster(tmp)));
    }

    @Test
    void theDemoRoundTrips() throws Exception {
        roundTrip(ManifestReader.read(Path.of("..", "examples", "web-api-db")));
    }

    @Test
    void podDetailsSurvive() {
        Pod pod = new Pod("prod", "job-1", Map.of("app", "batch"),
                List.of(new ContainerPort(null, 9000, Protocol.UDP), new ContainerPort("metrics", 9100, Protocol.SCTP)),
                true, PodPhase.SUCCEEDED, List.of("10.0.0.7", "fd00::7"), SourceRef.NONE);
        ClusterState state = new ClusterState(List.of(), List.of(pod), List.of(), List.of());
        assertEquals(state, CanonicalJson.read(SnapshotContent.objectsOf(state, Map.of())));
    }

    @Test
    void anObjectNotInCanonicalFormIsRefusedByName() {
        SnapshotContent.StoredObject bad = new SnapshotContent.StoredObject("Pod", "prod", "web", null,
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"prod\"},\"spec\":{\"ports\":3}}",
                "0".repeat(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.read(List.of(bad)));
        assertEquals(true, e.getMessage().startsWith("stored Pod web is not in canonical form"), e.getMessage());
    }

    private static void roundTrip(ClusterState state) {
        ClusterState read = CanonicalJson.read(SnapshotContent.objectsOf(state, Map.of()));
        assertEquals(ClusterStates.withoutSources(state), read, "in the order stored");
        ClusterStates.assertSameCluster(state, read);
    }
}
