package dev.netpolauditor.engine;

import java.util.HashSet;

/** Comparing side decisions by meaning: the same kind, the same rules or policies in any order. */
final class Verdicts {
    private Verdicts() {}

    static boolean sameReasons(SideDecision expected, SideDecision actual) {
        return switch (expected) {
            case SideDecision.NotApplicable n -> actual instanceof SideDecision.NotApplicable;
            case SideDecision.NotIsolated n -> actual instanceof SideDecision.NotIsolated;
            case SideDecision.AllowedBy e -> actual instanceof SideDecision.AllowedBy a
                    && e.rules().size() == a.rules().size()
                    && new HashSet<>(e.rules()).equals(new HashSet<>(a.rules()));
            case SideDecision.Refused e -> actual instanceof SideDecision.Refused a
                    && e.isolatingPolicies().size() == a.isolatingPolicies().size()
                    && new HashSet<>(e.isolatingPolicies()).equals(new HashSet<>(a.isolatingPolicies()));
        };
    }
}
