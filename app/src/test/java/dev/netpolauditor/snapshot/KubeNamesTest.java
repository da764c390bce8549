package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API server's label and port-name syntax; the hand-written scanners agree with its regular
 * expressions (k8s.io/apimachinery, {@code validation.go}) on edge cases and random strings.
 */
class KubeNamesTest {
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PORT_NAME = Pattern.compile("[-a-z0-9]*[a-z][-a-z0-9]*");
    /** The grammars' characters, often, and some they refuse (upper case, space, '/', non-ASCII, a surrogate pair's half). */
    private static final String ALPHABET = "abz09-._-.aAZ_/ \u00e9\ud83d:";
    private static final List<String> EDGES = List.of("", ".", "-", "_", "a", "A", "0", "a.", ".a", "a..b", "a.-b",
            "a-.b", "-a", "a-", "a--b", "a_b", "a.b", "A.b", "aB", "0-0", "a.0", "9p", "\u00e9", "a b", "\ud83d\ude00");

    @Test
    void scannersAgreeWithTheApiServersExpressions() {
        List<String> texts = new ArrayList<>(EDGES);
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            texts.add(sb.toString());
        }
        for (String text : texts) {
            assertEquals(DNS_SUBDOMAIN.matcher(text).matches(), KubeNames.isDnsSubdomain(text), () -> "subdomain " + text);
            assertEquals(LABEL_NAME.matcher(text).matches(), KubeNames.isLabelName(text), () -> "label name " + text);
            assertEquals(PORT_NAME.matcher(text).matches(), KubeNames.isPortNameSyntax(text), () -> "port name " + text);
        }
    }

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
