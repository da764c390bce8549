package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API server's label and port-name syntax. */
class KubeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"app", "App_1", "a.b-c", "kubernetes.io/metadata.name", "example.com/x", "a/b",
        "x23456789012345678901234567890123456789012345678901234567890123"})
    void validLabelKeys(String key) {
        assertNull(KubeNames.labelKeyProblem(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-app", "app-", "a b", "a/b/c", "/app", "app/", "Example.com/app", "ex_ample.com/a",
        "x234567890123456789012345678901234567890123456789012345678901234", "é"})
    void invalidLabelKeys(String key) {
        assertNotNull(KubeNames.labelKeyProblem(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "web", "Web_2.0", "1", "a-b"})
    void validLabelValues(String value) {
        assertNull(KubeNames.labelValueProblem(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-web", "web.", "a/b", "a b",
        "x234567890123456789012345678901234567890123456789012345678901234"})
    void invalidLabelValues(String value) {
        assertNotNull(KubeNames.labelValueProblem(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "h2c", "a-b", "x12345678901234", "9p"})
    void validPortNames(String name) {
        assertNull(KubeNames.portNameProblem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "80", "HTTP", "-a", "a-", "a--b", "x123456789012345", "a_b", "a.b"})
    void invalidPortNames(String name) {
        assertNotNull(KubeNames.portNameProblem(name));
    }
}
