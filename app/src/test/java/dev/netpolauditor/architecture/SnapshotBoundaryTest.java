package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code snapshot} owns taking a snapshot: reading a cluster (its API server or a directory of
 * manifests) and the settings files into validated model objects and their canonical rows. It is
 * the first hop of collect → analyse → store and knows nothing of the hops after it.
 */
class SnapshotBoundaryTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void takingASnapshotKnowsNothingDownstream() {
        noClasses().that().resideInAPackage("dev.netpolauditor.snapshot..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.netpolauditor.engine..",
                        "dev.netpolauditor.service..", "dev.netpolauditor.report..", "dev.netpolauditor.api..",
                        "dev.netpolauditor.console..", "dev.netpolauditor.mail..", "dev.netpolauditor.schedule..",
                        "dev.netpolauditor.cli..")
                .because("the cluster sources and readers produce a ClusterState and its rows; running, storing"
                        + " and serving snapshots is the service's, which calls them")
                .check(PRODUCTION);
    }
}
