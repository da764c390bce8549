package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The API and the console are thin edges: they call application services and speak in records
 * of their own or of those services, never in the store's rows. The classes listed in
 * {@link #NOT_YET} still reach into {@code store} (issue 13, point 4, is under way); the list
 * only shrinks, and every other class of the edges is held to the rule now.
 */
class EdgeBoundaryTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPath(Path.of("target", "classes"));

    /** Top-level classes of the edges that still use the store directly. */
    private static final Set<String> NOT_YET = Set.of(
            "api.SnapshotContentController",
            "console.Analyses", "console.ClusterPages", "console.ConsoleFactory", "console.FindingPages",
            "console.PolicyPages");

    private static final DescribedPredicate<JavaClass> NOT_YET_MOVED = DescribedPredicate.describe(
            "still reach into the store (listed in EdgeBoundaryTest.NOT_YET)", c -> NOT_YET.contains(source(c)));

    @Test
    void theEdgesDoNotKnowTheStore() {
        noClasses().that().resideInAnyPackage("dev.netpolauditor.api..", "dev.netpolauditor.console..")
                .and(DescribedPredicate.not(NOT_YET_MOVED))
                .should().dependOnClassesThat().resideInAPackage("dev.netpolauditor.store..")
                .because("controllers and pages call one application service each and map its records to the"
                        + " API's JSON or HTML; rows stay behind the services")
                .check(PRODUCTION);
    }

    @Test
    void theListOnlyNamesClassesThatStillNeedIt() {
        Set<String> using = new TreeSet<>();
        for (JavaClass c : PRODUCTION) {
            boolean usesStore = c.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("dev.netpolauditor.store"));
            if (usesStore && (c.getPackageName().startsWith("dev.netpolauditor.api")
                    || c.getPackageName().startsWith("dev.netpolauditor.console"))) {
                using.add(source(c));
            }
        }
        Set<String> stale = new TreeSet<>(NOT_YET);
        stale.removeAll(using);
        // a class moved off the store leaves the list, so that it is held to the rule from then on
        assertEquals(Set.of(), stale, "no longer use the store: remove from NOT_YET");
    }

    /**
     * The source class a compiled class comes from, as {@code api.Name}: its top-level class, or
     * for a bean definition Micronaut generates ({@code $ApiFactory$SnapshotLocator0$Definition})
     * the class it was generated for.
     */
    private static String source(JavaClass c) {
        // by the binary name: ArchUnit reads a generated $Outer$... class as a top-level class named Definition
        String binary = c.getName().substring(c.getPackageName().length() + 1);
        String outer = binary.startsWith("$") ? binary.substring(1) : binary;
        int end = outer.indexOf('$');
        return c.getPackageName().substring("dev.netpolauditor.".length()) + "."
                + (end < 0 ? outer : outer.substring(0, end));
    }
}
