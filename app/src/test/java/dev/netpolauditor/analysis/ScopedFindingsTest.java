package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index of open findings by scope gives each namespace and tenant exactly the findings
 * {@link Score#inScope} lets count there, in the audit's order (the order the score adds
 * their weights in).
 */
class ScopedFindingsTest {
    private static final String[] RULES = {"NP-COV-001", "NP-CNI-001", "NP-TEN-001", "NP-TIER-001", "NP-PERM-003"};
    private static final String[] NAMESPACES = {"a1", "a2", "b1", "c1", "loose"};
    private static final String[] TENANTS = {"a", "b", "c", "nobody"};

    @Test
    void agreesWithTheScopeRuleOnRandomFindings() {
        Random random = new Random(21);
        Map<String, String> tenantOfNamespace = new HashMap<>(Map.of("a1", "a", "a2", "a", "b1", "b", "c1", "c"));
        for (int round = 0; round < 500; round++) {
            List<Finding> open = new ArrayList<>();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                open.add(finding(random));
            }
            ScopedFindings scoped = new ScopedFindings(open, tenantOfNamespace);
            assertEquals(open, scoped.in(Score.ScopeKind.CLUSTER, "cluster"));
            for (String ns : NAMESPACES) {
                assertEquals(filter(open, Score.ScopeKind.NAMESPACE, ns, tenantOfNamespace),
                        scoped.in(Score.ScopeKind.NAMESPACE, ns), () -> "namespace " + ns + " of " + open);
            }
            for (String tenant : TENANTS) {
                assertEquals(filter(open, Score.ScopeKind.TENANT, tenant, tenantOfNamespace),
                        scoped.in(Score.ScopeKind.TENANT, tenant), () -> "tenant " + tenant + " of " + open);
            }
        }
    }

    private static List<Finding> filter(List<Finding> open, Score.ScopeKind kind, String scope,
            Map<String, String> tenantOfNamespace) {
        return open.stream().filter(f -> Score.inScope(f, kind, scope, tenantOfNamespace)).toList();
    }

    /** A finding of a namespace (or none), about an endpoint, a namespace or a pair of tenants (maybe one twice). */
    private static Finding finding(Random random) {
        String rule = RULES[random.nextInt(RULES.length)];
        String namespace = random.nextInt(4) == 0 ? null : NAMESPACES[random.nextInt(NAMESPACES.length)];
        FindingSubject subject = switch (random.nextInt(3)) {
            case 0 -> new FindingSubject.TenantPair(TENANTS[random.nextInt(3)], TENANTS[random.nextInt(3)]);
            case 1 -> namespace == null ? FindingSubject.CLUSTER : new FindingSubject.Namespace(namespace);
            default -> new FindingSubject.Endpoint((namespace == null ? "x" : namespace) + "/pod-" + random.nextInt(9));
        };
        return new Finding(rule, Severity.values()[random.nextInt(Severity.values().length)], namespace, subject,
                null, "d" + random.nextInt(1000));
    }
}
