package dev.netpolauditor.engine;

import java.util.HashSet;
import java.util.Objects;

/**
 * Comparing side decisions by meaning: the same kind, the same rules or policies in any order,
 * the same deciding cluster-tier rule, the same Pass rule that handed the port on.
 */
final class Verdicts {
    private Verdicts() {}

    static boolean sameReasons(SideDecision expected, SideDecision actual) {
        return switch (expected) {
            case SideDecision.NotApplicable n -> actual instanceof SideDecision.NotApplicable;
            case SideDecision.NotIsolated e -> actual instanceof SideDecision.NotIsolated a
                    && Objects.equals(e.passedBy(), a.passedBy());
            case SideDecision.DecidedByRule e -> actual instanceof SideDecision.DecidedByRule a
                    && e.rule().equals(a.rule()) && e.tier() == a.tier() && e.action() == a.action()
                    && Objects.equals(e.passedBy(), a.passedBy());
            case SideDecision.AllowedBy e -> actual instanceof SideDecision.AllowedBy a
                    && e.rules().size() == a.rules().size()
                    && new HashSet<>(e.rules()).equals(new HashSet<>(a.rules()))
                    && Objects.equals(e.passedBy(), a.passedBy());
            case SideDecision.Refused e -> actual instanceof SideDecision.Refused a
                    && e.isolatingPolicies().size() == a.isolatingPolicies().size()
                    && new HashSet<>(e.isolatingPolicies()).equals(new HashSet<>(a.isolatingPolicies()))
                    && Objects.equals(e.passedBy(), a.passedBy());
            case SideDecision.ByPlugin e -> actual instanceof SideDecision.ByPlugin a && e.by().equals(a.by())
                    && Objects.equals(e.passedBy(), a.passedBy());
        };
    }
}
