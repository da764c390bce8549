package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyPair;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.model.PolicyType;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * NP-TIER-001: two cluster-tier policies of the same tier and priority select a common
 * endpoint and both have rules in one direction: the API leaves their order undefined.
 */
public final class EqualPriorities extends CatalogRule {
    public EqualPriorities() {
        super("NP-TIER-001", Severity.MEDIUM, Kind.POLICY_PAIR,
                "Two cluster-tier policies of the same tier and priority apply to a common endpoint in one direction: "
                        + "their order is undefined, so network plugins may enforce them differently.");
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        List<ClusterPolicy> policies = input.cluster().clusterPolicies();
        for (int i = 0; i < policies.size(); i++) {
            for (int j = i + 1; j < policies.size(); j++) {
                ClusterPolicy a = policies.get(i);
                ClusterPolicy b = policies.get(j);
                if (a.tier() != b.tier() || a.priority() != b.priority() || a.priority() == ClusterPolicy.NO_PRIORITY) {
                    continue;
                }
                String direction = sharedDirection(a, b);
                if (direction == null || !overlap(input.compiled().selectedGroups(a), input.compiled().selectedGroups(b))) {
                    continue;
                }
                ClusterPolicy first = a.id().compareTo(b.id()) <= 0 ? a : b;
                ClusterPolicy second = first == a ? b : a;
                findings.accept(finding(null, new PolicyPair(first.id(), second.id()), first.id(), first.id() + " and "
                        + second.id() + " are both " + a.tier().wireName() + "-tier policies of priority "
                        + a.priority() + " with " + direction + " rules for some of the same endpoints: the API leaves "
                        + "their order undefined, so network plugins may apply them in either order (netpol-auditor "
                        + "checks ClusterNetworkPolicy before AdminNetworkPolicy, then by name). Give them different "
                        + "priorities."));
            }
        }
    }

    private static String sharedDirection(ClusterPolicy a, ClusterPolicy b) {
        for (PolicyType d : PolicyType.values()) {
            if (!a.rules(d).isEmpty() && !b.rules(d).isEmpty()) {
                return d.wireName().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }

    private static boolean overlap(int[] a, int[] b) {
        for (int g : a) {
            if (Arrays.binarySearch(b, g) >= 0) {
                return true;
            }
        }
        return false;
    }
}
