package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's order of findings: rule, then namespace (null before any name), then
 * subject, then policy (null first); detail and severity never decide.
 */
class FindingOrderTest {

    static Finding f(String rule, String namespace, String subject, String policy) {
        return new Finding(rule, Severity.LOW, namespace, new FindingSubject.Endpoint(subject), policy, "detail of " + subject);
    }

    static List<Finding> sorted(List<Finding> findings) {
        List<Finding> copy = new ArrayList<>(findings);
        copy.sort(Finding.ORDER);
        return copy;
    }

    /** Every list shuffled must sort back to {@code expected}. */
    static void assertOrder(List<Finding> expected) {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            List<Finding> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, sorted(shuffled));
        }
    }

    @Test
    void ruleFirst() {
        assertOrder(List.of(
                f("NP-CNI-001", null, "cluster", null),
                f("NP-COV-001", "z", "z/z", null),
                f("NP-COV-002", "a", "a/a", null),
                f("NP-COV-010", "a", "a/p egress", "a/p"),
                f("NP-PERM-001", "a", "a/p ingress[0]", "a/p"),
                f("NP-TEN-001", null, "a -> b", null),
                f("NP-TEN-002", "a", "a", null)));
    }

    @Test
    void thenNamespaceWithNullFirst() {
        assertOrder(List.of(
                f("NP-X", null, "zzz", null),
                f("NP-X", "a", "z/web", null),
                f("NP-X", "b", "a/web", null),
                f("NP-X", "b-c", "b-c/a", null)));
    }

    @Test
    void thenSubjectInPlainStringOrder() {
        assertOrder(List.of(
                f("NP-COV-001", "shop", "shop/db[StatefulSet]", null),
                f("NP-COV-001", "shop", "shop/debug", null),
                f("NP-COV-001", "shop", "shop/web", null),
                f("NP-COV-001", "shop", "shop/web-1", null),
                f("NP-COV-001", "shop", "shop/web[Deployment]", null)));
        assertOrder(List.of(
                f("NP-PERM-001", "shop", "shop/p egress[0]", "shop/p"),
                f("NP-PERM-001", "shop", "shop/p ingress[0]", "shop/p"),
                f("NP-PERM-001", "shop", "shop/p ingress[0].from[10]", "shop/p"),
                f("NP-PERM-001", "shop", "shop/p ingress[0].from[2]", "shop/p"),
                f("NP-PERM-001", "shop", "shop/p-2 ingress[0]", "shop/p-2")));
        assertOrder(List.of(
                f("NP-TEN-001", null, "alpha -> beta", null),
                f("NP-TEN-001", null, "alpha -> gamma", null),
                f("NP-TEN-001", null, "beta -> alpha", null)));
    }

    @Test
    void thenPolicyWithNullFirst() {
        assertOrder(List.of(
                f("NP-X", "a", "a/x", null),
                f("NP-X", "a", "a/x", "a/p"),
                f("NP-X", "a", "a/x", "a/q")));
    }

    @Test
    void severityAndDetailNeverDecide() {
        Finding a = new Finding("NP-X", Severity.HIGH, "a", new FindingSubject.Endpoint("a/x"), null, "zzz");
        Finding b = new Finding("NP-X", Severity.LOW, "a", new FindingSubject.Endpoint("a/x"), null, "aaa");
        assertEquals(0, Finding.ORDER.compare(a, b));
        assertEquals(0, Finding.ORDER.compare(b, a));
    }

    @Test
    void theAuditReportsFindingsInThatOrder(@TempDir Path dir) {
        String yaml = TestClusters.UNPROTECTED + """
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: a, namespace: alpha, labels: {app: a}}
                spec: {containers: [{name: main, image: a}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: open, namespace: alpha}
                spec:
                  podSelector: {}
                  ingress: [{}, {from: [{namespaceSelector: {}}]}]
                """;
        List<Finding> findings = TestClusters.audit(dir, yaml).findings().stream().map(AuditedFinding::finding)
                .toList();
        assertEquals(sorted(findings), findings);
        assertEquals(List.of(
                "NP-COV-001 shop shop/api",
                "NP-COV-001 shop shop/web",
                "NP-COV-002 alpha alpha/a",
                "NP-COV-002 shop shop/api",
                "NP-COV-002 shop shop/web",
                "NP-COV-003 shop shop",
                "NP-COV-004 alpha alpha",
                "NP-COV-004 shop shop",
                "NP-COV-005 shop shop",
                "NP-PERM-001 alpha alpha/open ingress[0]",
                "NP-PERM-003 alpha alpha/open ingress[1].from[0]",
                "NP-PERM-005 alpha alpha/open ingress[1]"),
                findings.stream().map(x -> x.rule() + " " + x.namespace() + " " + x.subject()).toList());
    }
}
