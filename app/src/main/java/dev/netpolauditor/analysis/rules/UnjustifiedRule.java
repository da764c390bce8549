package dev.netpolauditor.analysis.rules;

import dev.netpolauditor.analysis.AuditInput;
import dev.netpolauditor.analysis.CatalogRule;
import dev.netpolauditor.analysis.Control;
import dev.netpolauditor.analysis.Finding;
import dev.netpolauditor.analysis.FindingSubject.Kind;
import dev.netpolauditor.analysis.FindingSubject.PolicyLocation;
import dev.netpolauditor.analysis.Justification;
import dev.netpolauditor.analysis.Justifications;
import dev.netpolauditor.analysis.OpeningRule;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.model.PolicyType;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * NP-JUST-001 (opt-in): an opening rule ({@link OpeningRule}) has no justification whose hash
 * matches its current content. The detail says whether none exists or one lapsed because the
 * rule changed (naming the latest such approval), and gives the current hash to justify.
 *
 * <p>An instance carries the justifications it judges with; {@link #CATALOG} carries none and
 * is not required, so it never fires: it stands for the rule in the catalog.
 */
public final class UnjustifiedRule extends CatalogRule {
    public static final String ID = "NP-JUST-001";

    /** The catalog entry: justifications not enabled, so it finds nothing. */
    public static final UnjustifiedRule CATALOG = new UnjustifiedRule(Justifications.OFF);

    private final Justifications justifications;

    public UnjustifiedRule(Justifications justifications) {
        super(ID, Severity.MEDIUM, Kind.POLICY_LOCATION, "A rule that opens connections beyond its namespace has no approved business "
                + "justification for its current content.", Control.PCI_DSS_1_2_5);
        this.justifications = justifications;
    }

    @Override
    public void check(AuditInput input, Consumer<Finding> findings) {
        if (!justifications.required()) {
            return;
        }
        for (OpeningRule rule : OpeningRule.of(input.cluster())) {
            List<Justification> ofRule = justifications.entries().stream()
                    .filter(j -> j.policy().equals(rule.policy()) && j.rule().equals(rule.rule())).toList();
            if (ofRule.stream().anyMatch(j -> j.sha256().equals(rule.sha256()))) {
                continue;
            }
            String location = rule.location();
            String opens = rule.clusterTier()
                    ? location + " accepts " + (rule.direction() == PolicyType.INGRESS ? "incoming" : "outgoing")
                            + " connections across namespaces"
                    : location + (rule.direction() == PolicyType.INGRESS ? " admits connections from"
                            : " allows connections to") + " outside its namespace";
            String detail = ofRule.stream().max(Comparator.comparing(Justification::approved))
                    .map(lapsed -> opens + ", and its justification lapsed: the rule changed after " + lapsed.approver()
                            + " approved it on " + lapsed.approved() + " (content sha256 " + lapsed.sha256()
                            + "). Review it and approve its current content, sha256 " + rule.sha256() + ".")
                    .orElse(opens + " with no justification: record its business need and have it approved "
                            + "for its current content, sha256 " + rule.sha256() + ".");
            findings.accept(finding(rule.namespace(), new PolicyLocation(rule.policy(), rule.rule()), rule.policy(),
                    detail));
        }
    }
}
