package dev.netpolauditor.snapshot;

import dev.netpolauditor.analysis.Justification;
import dev.netpolauditor.model.ClusterPolicyKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The justifications file ({@code audit --justifications FILE}, {@code diff --justifications
 * FILE}): the documented business need and approval of each opening rule (findings.md,
 * "Justifications (opt-in)"). Giving the file turns NP-JUST-001 on: every opening rule without a
 * justification matching its current content is a finding.
 *
 * <pre>{@code
 * justifications:
 *   - policy: prod/db-from-api-and-backup      # <namespace>/<name>, or <Kind>/<name> for the cluster tier
 *     rule: ingress[0]                         # ingress[N] or egress[N]
 *     sha256: 0c5ba9...                        # of the rule's content when it was approved (NP-JUST-001 names it)
 *     text: The backup server restores the database nightly (CHG-1042).
 *     owner: dba-team
 *     approver: alice@example.com
 *     approved: 2026-01-15
 * }</pre>
 *
 * <p>The top level is that mapping with its single key {@code justifications}, or the list
 * itself; an empty file holds none (and still turns the rule on). Every entry needs all seven
 * keys and no other: {@code policy} a NetworkPolicy {@code <namespace>/<name>} or a cluster-tier
 * {@code ClusterNetworkPolicy/<name>}, {@code AdminNetworkPolicy/<name>},
 * {@code BaselineAdminNetworkPolicy/<name>}; {@code rule} {@code ingress[N]} or {@code egress[N]};
 * {@code sha256} 64 hexadecimal digits; {@code text}, {@code owner}, {@code approver} non-blank
 * strings; {@code approved} a date {@code YYYY-MM-DD}. Errors are one line naming the file and
 * the field, e.g. {@code justifications.yaml: justifications[0].sha256: 'abc' is not a SHA-256
 * ...}.
 */
public final class JustificationsFile {
    private JustificationsFile() {}

    private static final List<String> KEYS = List.of("policy", "rule", "sha256", "text", "owner", "approver",
            "approved");
    private static final Pattern RULE = Pattern.compile("(ingress|egress)\\[(0|[1-9][0-9]{0,5})]");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /** Reads the file; messages name it as {@code file.toString()}. Entries keep the file's order. */
    public static List<Justification> read(Path file) throws ManifestException {
        return AuditSideFile.list(file, "justifications", JustificationsFile::justification);
    }

    private static Justification justification(Field entry) {
        AuditSideFile.entry(entry, KEYS);
        String policy = policy(entry.get("policy"));
        String rule = rule(entry.get("rule"));
        String sha256 = sha256(entry.get("sha256"));
        String text = AuditSideFile.text(entry.get("text"));
        String owner = AuditSideFile.text(entry.get("owner"));
        String approver = AuditSideFile.text(entry.get("approver"));
        return new Justification(policy, rule, sha256, text, owner, approver,
                AuditSideFile.date(entry.get("approved")));
    }

    /** {@code <namespace>/<name>} or {@code <Kind>/<name>} of a cluster-tier kind. */
    static String policy(Field field) {
        String policy = AuditSideFile.text(field).strip();
        String problem = policyProblem(policy);
        if (problem != null) {
            throw field.invalid(problem);
        }
        return policy;
    }

    /** {@code ingress[N]} or {@code egress[N]}. */
    static String rule(Field field) {
        String rule = AuditSideFile.text(field).strip();
        String problem = ruleProblem(rule);
        if (problem != null) {
            throw field.invalid(problem);
        }
        return rule;
    }

    /** 64 hexadecimal digits, kept in lower case. */
    static String sha256(Field field) {
        String sha256 = AuditSideFile.text(field).strip();
        String problem = sha256Problem(sha256);
        if (problem != null) {
            throw field.invalid(problem);
        }
        return sha256.toLowerCase(Locale.ROOT);
    }

    /** What is wrong with {@code policy} as a justification's policy, or null. */
    public static String policyProblem(String policy) {
        int slash = policy.indexOf('/');
        String first = slash < 0 ? "" : policy.substring(0, slash);
        String name = slash < 0 ? "" : policy.substring(slash + 1);
        if (!(ClusterPolicyKind.isKind(first) || NAMESPACE.matcher(first).matches()) || !NAME.matcher(name).matches()) {
            return Field.quote(policy) + " is not a policy: expected <namespace>/<name> for a NetworkPolicy, or"
                    + " ClusterNetworkPolicy/<name>, AdminNetworkPolicy/<name>, BaselineAdminNetworkPolicy/<name>";
        }
        return null;
    }

    /** What is wrong with {@code rule} as a justification's rule, or null. */
    public static String ruleProblem(String rule) {
        return RULE.matcher(rule).matches() ? null : Field.quote(rule) + " is not a rule of a policy: expected"
                + " ingress[N] or egress[N], e.g. ingress[0]";
    }

    /** What is wrong with {@code sha256} as a rule's content hash, or null. */
    public static String sha256Problem(String sha256) {
        return SHA256.matcher(sha256).matches() ? null : Field.quote(sha256) + " is not a SHA-256: expected 64"
                + " hexadecimal digits, the rule's content hash that NP-JUST-001 names";
    }
}
