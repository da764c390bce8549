package dev.netpolauditor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The model, the engine and the analysis are pure: immutable data and computation, no
 * framework, no I/O, no logging, no clock. Everything that talks to the outside world sits
 * in other packages.
 */
class PureCoreTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.netpolauditor");

    @Test
    void modelAndEngineDependOnlyOnTheJdkCoreAndEachOther() {
        classes().that().resideInAnyPackage("dev.netpolauditor.model..", "dev.netpolauditor.engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "dev.netpolauditor.model..", "dev.netpolauditor.engine..",
                        "java.lang..", "java.util..", "java.math..")
                .because("the engine must stay free of frameworks, I/O and logging (see README, Architecture)")
                .check(PRODUCTION);
    }

    @Test
    void analysisDependsOnlyOnTheEngineModelAndJdkCore() {
        classes().that().resideInAPackage("dev.netpolauditor.analysis..")
                .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(
                        "dev.netpolauditor.analysis..", "dev.netpolauditor.model..", "dev.netpolauditor.engine..",
                        "java.lang..", "java.util..", "java.math..", "java.time..")
                        .or(JavaClass.Predicates.belongToAnyOf(java.security.MessageDigest.class,
                                java.security.NoSuchAlgorithmException.class,
                                java.nio.charset.StandardCharsets.class, java.nio.charset.Charset.class)))
                .because("findings are pure functions of a frozen snapshot (dates come in as values); a rule's "
                        + "content hash (NP-JUST-001) is computation, the one java.security class it uses")
                .check(PRODUCTION);
    }

    @Test
    void theEngineDoesNotKnowTheAnalysis() {
        noClasses().that().resideInAnyPackage("dev.netpolauditor.model..", "dev.netpolauditor.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.netpolauditor.analysis..")
                .check(PRODUCTION);
    }

    @Test
    void modelDoesNotDependOnTheEngine() {
        noClasses().that().resideInAPackage("dev.netpolauditor.model..")
                .should().dependOnClassesThat().resideInAPackage("dev.netpolauditor.engine..")
                .check(PRODUCTION);
    }

    @Test
    void modelAndEngineDoNoIoThroughJavaLang() {
        noClasses().that().resideInAnyPackage("dev.netpolauditor.model..", "dev.netpolauditor.engine..",
                        "dev.netpolauditor.analysis..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().accessField(System.class, "in")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runtime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .because("the engine answers from its input alone: no console, environment or clock")
                .check(PRODUCTION);
    }
}
