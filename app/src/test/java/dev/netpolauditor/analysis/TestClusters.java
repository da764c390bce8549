package dev.netpolauditor.analysis;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.snapshot.ManifestException;
import dev.netpolauditor.snapshot.ManifestReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Small clusters for the analysis tests, read from YAML like the CLI reads them. */
final class TestClusters {
    private TestClusters() {}

    static final LocalDate TODAY = LocalDate.of(2025, 6, 15);

    /** Namespace shop with pods web and api and no policy at all. */
    static final String UNPROTECTED = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop, labels: {app: web}}
            spec: {containers: [{name: main, image: nginx}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: api, namespace: shop, labels: {app: api}}
            spec: {containers: [{name: main, image: api}]}
            """;

    /** The same pods behind a default deny in both directions: no finding at all. */
    static final String LOCKED_DOWN = UNPROTECTED + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """;

    static ClusterState read(Path dir, String yaml) {
        try {
            Files.writeString(dir.resolve("cluster.yaml"), yaml);
            return ManifestReader.read(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static AuditReport audit(Path dir, String yaml, FindingException... exceptions) {
        return Audit.run(read(dir, yaml), new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(exceptions), TODAY));
    }
}
