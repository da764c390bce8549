package dev.netpolauditor.service;

import dev.netpolauditor.analysis.Approval;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.ComplianceStore.Decision;
import dev.netpolauditor.store.ComplianceStore.StoredException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Exceptions managed in the service (issue 18): an auditor proposes one, a second identity
 * approves (or rejects) it, anyone of them may revoke it; an approved one applies to the
 * cluster's analyses from the next snapshot on, until its expiry date (inclusive), after which the
 * findings it excepted say "exception expired" and its state becomes expired. Every change is in
 * the audit log. Dates are judged in UTC, as snapshots' days are.
 */
public final class ManagedExceptions {
    /** The states an exception passes through, as the API names them. */
    public static final List<String> STATES = List.of(ComplianceStore.PROPOSED, ComplianceStore.APPROVED,
            ComplianceStore.REJECTED, ComplianceStore.REVOKED, ComplianceStore.EXPIRED);

    /** An exception as managed: what it excepts ({@code cluster} null: every cluster), its state and who did what when. */
    public record ManagedException(long id, String cluster, String rule, String subjectPattern, String justification,
            String owner, LocalDate expires, String ticket, String state, String proposedBy, Instant proposedAt,
            String decidedBy, Instant decidedAt, String decisionNote, String revokedBy, Instant revokedAt,
            Instant remindedAt) {}

    private final ComplianceStore store;
    private final Clusters clusters;
    private final ComplianceSettings settings;
    private final Clock clock;

    public ManagedExceptions(ComplianceStore store, Clusters clusters, ComplianceSettings settings, Clock clock) {
        this.store = store;
        this.clusters = clusters;
        this.settings = settings;
        this.clock = clock;
    }

    /** An exception as asked for, unchecked: {@code cluster} null for every cluster, {@code expires} ISO-8601. */
    public record Proposal(String cluster, String rule, String subject, String justification, String owner,
            String expires, String ticket) {}

    /** Records {@code proposal} as proposed by {@code actor}: it applies only once someone else approves it. */
    public ManagedException propose(Proposal proposal, String actor) {
        LocalDate today = today();
        String cluster = proposal.cluster() == null || proposal.cluster().isBlank() ? null : proposal.cluster().strip();
        if (cluster != null && clusters.spec(cluster).isEmpty()) {
            throw invalid("cluster '" + cluster + "' is not configured (configured: "
                    + String.join(", ", clusters.specs().stream().map(ClusterSpec::name).toList())
                    + "); leave it out for every cluster");
        }
        String rule = Refusal.required("rule", proposal.rule(), 20).strip();
        if (FindingRules.byId(rule).isEmpty()) {
            throw invalid("rule '" + rule + "' is not in the findings catalog (rules: " + String.join(", ",
                    FindingRules.CATALOG.stream().map(FindingRule::id).sorted().toList()) + ")");
        }
        String subject = Refusal.required("subject", proposal.subject(), 1000).strip();
        String justification = Refusal.required("justification", proposal.justification(), 4000).strip();
        String owner = Refusal.required("owner", proposal.owner(), 254).strip();
        if (!MailAddress.valid(owner)) {
            throw invalid("owner '" + owner + "' is not a mail address: the owner is mailed before the exception"
                    + " expires, e.g. \"owner\": \"platform-team@example.com\"");
        }
        LocalDate expires = date(Refusal.required("expires", proposal.expires(), 10));
        LocalDate latest = today.plus(settings.exceptionMaxLength());
        if (expires.isBefore(today)) {
            throw invalid("expires " + expires + " is in the past (today is " + today + ", UTC)");
        }
        if (expires.isAfter(latest)) {
            throw invalid("expires " + expires + " is too far ahead: an exception may run at most "
                    + settings.exceptionMaxLength() + " (netpol-auditor.compliance.exception-max-length), so " + latest
                    + " at the latest; renew it with a new proposal when it runs out");
        }
        String ticket = proposal.ticket() == null || proposal.ticket().isBlank() ? null
                : Refusal.required("ticket", proposal.ticket(), 200).strip();
        return managed(store.proposeException(new ComplianceStore.NewException(cluster, rule, subject, justification,
                owner, expires, ticket), actor, clock.instant()));
    }

    public ManagedException approve(long id, String actor, String note) {
        return decide(id, ComplianceStore.APPROVED, actor, note);
    }

    public ManagedException reject(long id, String actor, String note) {
        return decide(id, ComplianceStore.REJECTED, actor, note);
    }

    /** Withdraws a proposal or stops an approved exception from applying (from the next snapshot on). */
    public ManagedException revoke(long id, String actor, String note) {
        return done(id, "revoke", store.revokeException(id, actor, Refusal.note(note), clock.instant()));
    }

    public ManagedException get(long id) {
        return store.exception(id).map(ManagedExceptions::managed).orElseThrow(() -> notFound(id));
    }

    /** Exceptions, oldest first, of a cluster (with those for every cluster) and in a state, each when given. */
    public List<ManagedException> list(String cluster, String state) {
        return store.exceptions(cluster, state).stream().map(ManagedExceptions::managed).toList();
    }

    /**
     * The approved (or since expired) exceptions of {@code cluster}, as an analysis takes them: after
     * the file's, by id, each with its approval.
     */
    public List<FindingException> inForce(String cluster) {
        return store.exceptionsInForce(cluster).stream().map(ManagedExceptions::exception).toList();
    }

    /** Marks approved exceptions whose expiry date has passed expired (audit log by "system"). */
    public List<ManagedException> expire() {
        return store.expireExceptions(today()).stream().map(ManagedExceptions::managed).toList();
    }

    static FindingException exception(StoredException e) {
        return new FindingException(e.rule(), e.subjectPattern(), e.justification(), e.owner(), e.expires(),
                new Approval(e.id(), e.cluster(), e.ticket(), e.proposedBy(), e.decidedBy(), e.decidedAt()));
    }

    private ManagedException decide(long id, String to, String actor, String note) {
        return done(id, to.equals(ComplianceStore.APPROVED) ? "approve" : "reject",
                store.decideException(id, to, actor, Refusal.note(note), clock.instant()));
    }

    private static ManagedException done(long id, String verb, Decision<StoredException> decision) {
        return managed(Refusal.unlessRefused("exception " + id, verb, decision, StoredException::proposedBy,
                "/api/v1/exceptions"));
    }

    private static ManagedException managed(StoredException e) {
        return new ManagedException(e.id(), e.cluster(), e.rule(), e.subjectPattern(), e.justification(), e.owner(),
                e.expires(), e.ticket(), e.state(), e.proposedBy(), e.proposedAt(), e.decidedBy(), e.decidedAt(),
                e.decisionNote(), e.revokedBy(), e.revokedAt(), e.remindedAt());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalid("expires '" + text + "' is not a date: expected YYYY-MM-DD, e.g. 2027-03-31");
        }
    }

    private static Refusal invalid(String message) {
        return Refusal.invalid(message);
    }

    private static Refusal notFound(long id) {
        return new Refusal(Refusal.Kind.NOT_FOUND, "no exception " + id + "; GET /api/v1/exceptions lists them");
    }
}
