package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.COMPLIANCE_SETTING;
import static dev.netpolauditor.store.jooq.Tables.MANAGED_EXCEPTION;
import static dev.netpolauditor.store.jooq.Tables.MANAGED_JUSTIFICATION;
import static dev.netpolauditor.store.jooq.Tables.REVIEW;

import dev.netpolauditor.store.jooq.tables.records.ManagedExceptionRecord;
import dev.netpolauditor.store.jooq.tables.records.ManagedJustificationRecord;
import dev.netpolauditor.store.jooq.tables.records.ReviewRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;

/**
 * The compliance records managed through the API (V15__compliance_workflow.sql; reviews V16):
 * exceptions and justifications that apply once a second identity approved them, periodic reviews
 * (each also an evidence report in the hash chain), and what each cluster tracks. Every change is
 * written together with its audit log entry, in one transaction; a decision locks the record first,
 * so two approvers at once cannot both decide, and the four-eyes rule is checked under that lock
 * (and again by the database).
 */
public final class ComplianceStore {
    public static final String PROPOSED = "proposed";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String REVOKED = "revoked";
    public static final String EXPIRED = "expired";
    /** Who the audit log names for what the service does on its own (expiry). */
    public static final String SYSTEM = "system";

    private final DSLContext dsl;

    public ComplianceStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** An exception to propose; validated by the caller. {@code cluster} null: every cluster. */
    public record NewException(String cluster, String rule, String subjectPattern, String justification,
            String owner, LocalDate expires, String ticket) {}

    /** An exception as stored, with its state and who did what when. */
    public record StoredException(long id, String cluster, String rule, String subjectPattern, String justification,
            String owner, LocalDate expires, String ticket, String state, String proposedBy, Instant proposedAt,
            String decidedBy, Instant decidedAt, String decisionNote, String revokedBy, Instant revokedAt,
            Instant remindedAt) {}

    /** What became of a decision on a record. */
    public sealed interface Decision<T> {
        /** Done: the record as it is now. */
        record Done<T>(T record) implements Decision<T> {}

        /** No such record. */
        record NotFound<T>() implements Decision<T> {}

        /** The record is not in a state this decision applies to. */
        record WrongState<T>(T record, String state) implements Decision<T> {}

        /** The decider proposed the record: a second identity must decide. */
        record OwnProposal<T>(T record) implements Decision<T> {}
    }

    // ---------------------------------------------------------------- exceptions

    public StoredException proposeException(NewException e, String actor, Instant now) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            ManagedExceptionRecord row = db.insertInto(MANAGED_EXCEPTION)
                    .set(MANAGED_EXCEPTION.CLUSTER, e.cluster())
                    .set(MANAGED_EXCEPTION.RULE, e.rule())
                    .set(MANAGED_EXCEPTION.SUBJECT_PATTERN, e.subjectPattern())
                    .set(MANAGED_EXCEPTION.JUSTIFICATION, e.justification())
                    .set(MANAGED_EXCEPTION.OWNER, e.owner())
                    .set(MANAGED_EXCEPTION.EXPIRES, e.expires())
                    .set(MANAGED_EXCEPTION.TICKET, e.ticket())
                    .set(MANAGED_EXCEPTION.PROPOSED_BY, actor)
                    .set(MANAGED_EXCEPTION.PROPOSED_AT, time(now))
                    .returning().fetchOne();
            StoredException stored = exception(row);
            AccessStore.audit(db, actor, "exception.proposed", "exception:" + stored.id(), describe(stored));
            return stored;
        });
    }

    /** One exception. */
    public Optional<StoredException> exception(long id) {
        return dsl.selectFrom(MANAGED_EXCEPTION).where(MANAGED_EXCEPTION.ID.eq(id))
                .fetchOptional(ComplianceStore::exception);
    }

    /**
     * Exceptions, oldest first: of one cluster (with those of every cluster) when {@code cluster} is
     * not null, in one state when {@code state} is not null.
     */
    public List<StoredException> exceptions(String cluster, String state) {
        Condition where = DSL.noCondition();
        if (cluster != null) {
            where = where.and(MANAGED_EXCEPTION.CLUSTER.eq(cluster).or(MANAGED_EXCEPTION.CLUSTER.isNull()));
        }
        if (state != null) {
            where = where.and(MANAGED_EXCEPTION.STATE.eq(state));
        }
        return dsl.selectFrom(MANAGED_EXCEPTION).where(where).orderBy(MANAGED_EXCEPTION.ID)
                .fetch(ComplianceStore::exception);
    }

    /**
     * Approves or rejects a proposed exception on behalf of {@code actor}, who must not be its
     * proposer. {@code to} is {@link #APPROVED} or {@link #REJECTED}.
     */
    public Decision<StoredException> decideException(long id, String to, String actor, String note, Instant now) {
        requireDecision(to);
        return transition(MANAGED_EXCEPTION, MANAGED_EXCEPTION.ID, id, "exception", to, actor, note, now,
                ComplianceStore::exception, ComplianceStore::describe);
    }

    /**
     * Revokes an exception (a proposal is withdrawn, an approved one stops applying) on behalf of
     * {@code actor}; proposed and approved exceptions only.
     */
    public Decision<StoredException> revokeException(long id, String actor, String note, Instant now) {
        return transition(MANAGED_EXCEPTION, MANAGED_EXCEPTION.ID, id, "exception", REVOKED, actor, note, now,
                ComplianceStore::exception, ComplianceStore::describe);
    }

    /**
     * Marks every approved exception whose expiry date is before {@code today} expired, each with its
     * audit log entry by {@link #SYSTEM}; returns them. Replicas doing it at once each mark a row once
     * (the update is conditional on the state).
     */
    public List<StoredException> expireExceptions(LocalDate today) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            List<StoredException> expired = db.update(MANAGED_EXCEPTION).set(MANAGED_EXCEPTION.STATE, EXPIRED)
                    .where(MANAGED_EXCEPTION.STATE.eq(APPROVED)).and(MANAGED_EXCEPTION.EXPIRES.lt(today))
                    .returning().fetch().map(ComplianceStore::exception);
            for (StoredException e : expired) {
                AccessStore.audit(db, SYSTEM, "exception.expired", "exception:" + e.id(), describe(e));
            }
            return expired;
        });
    }

    /**
     * The exceptions that take part in {@code cluster}'s analyses, by id: approved or expired (an
     * expired one still names the findings it excepted, as "exception expired"), granted for the
     * cluster or for every cluster.
     */
    public List<StoredException> exceptionsInForce(String cluster) {
        return dsl.selectFrom(MANAGED_EXCEPTION)
                .where(MANAGED_EXCEPTION.STATE.in(APPROVED, EXPIRED))
                .and(MANAGED_EXCEPTION.CLUSTER.eq(cluster).or(MANAGED_EXCEPTION.CLUSTER.isNull()))
                .orderBy(MANAGED_EXCEPTION.ID).fetch(ComplianceStore::exception);
    }

    /** Approved exceptions expiring from {@code from} through {@code through} whose owner was not reminded yet. */
    public List<StoredException> exceptionsToRemind(LocalDate from, LocalDate through) {
        return dsl.selectFrom(MANAGED_EXCEPTION).where(MANAGED_EXCEPTION.STATE.eq(APPROVED))
                .and(MANAGED_EXCEPTION.EXPIRES.between(from, through)).and(MANAGED_EXCEPTION.REMINDED_AT.isNull())
                .orderBy(MANAGED_EXCEPTION.ID).fetch(ComplianceStore::exception);
    }

    /** Notes that the owner of exception {@code id} was reminded (its reminder is in the outbox). */
    public void reminded(long id, Instant at) {
        dsl.update(MANAGED_EXCEPTION).set(MANAGED_EXCEPTION.REMINDED_AT, time(at))
                .where(MANAGED_EXCEPTION.ID.eq(id)).and(MANAGED_EXCEPTION.REMINDED_AT.isNull()).execute();
    }

    // ---------------------------------------------------------------- justifications

    /** A justification to propose; validated by the caller. */
    public record NewJustification(String cluster, String policy, String rule, String sha256, String text,
            String owner) {}

    /** A justification as stored, with its state and who did what when. */
    public record StoredJustification(long id, String cluster, String policy, String rule, String sha256, String text,
            String owner, String state, String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
            String decisionNote, String revokedBy, Instant revokedAt) {}

    public StoredJustification proposeJustification(NewJustification j, String actor, Instant now) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            ManagedJustificationRecord row = db.insertInto(MANAGED_JUSTIFICATION)
                    .set(MANAGED_JUSTIFICATION.CLUSTER, j.cluster())
                    .set(MANAGED_JUSTIFICATION.POLICY, j.policy())
                    .set(MANAGED_JUSTIFICATION.RULE, j.rule())
                    .set(MANAGED_JUSTIFICATION.SHA256, j.sha256())
                    .set(MANAGED_JUSTIFICATION.TEXT, j.text())
                    .set(MANAGED_JUSTIFICATION.OWNER, j.owner())
                    .set(MANAGED_JUSTIFICATION.PROPOSED_BY, actor)
                    .set(MANAGED_JUSTIFICATION.PROPOSED_AT, time(now))
                    .returning().fetchOne();
            StoredJustification stored = justification(row);
            AccessStore.audit(db, actor, "justification.proposed", "justification:" + stored.id(), describe(stored));
            return stored;
        });
    }

    public Optional<StoredJustification> justification(long id) {
        return dsl.selectFrom(MANAGED_JUSTIFICATION).where(MANAGED_JUSTIFICATION.ID.eq(id))
                .fetchOptional(ComplianceStore::justification);
    }

    /** Justifications, oldest first, of a cluster and in a state, each when not null. */
    public List<StoredJustification> justifications(String cluster, String state) {
        Condition where = DSL.noCondition();
        if (cluster != null) {
            where = where.and(MANAGED_JUSTIFICATION.CLUSTER.eq(cluster));
        }
        if (state != null) {
            where = where.and(MANAGED_JUSTIFICATION.STATE.eq(state));
        }
        return dsl.selectFrom(MANAGED_JUSTIFICATION).where(where).orderBy(MANAGED_JUSTIFICATION.ID)
                .fetch(ComplianceStore::justification);
    }

    /** Approves or rejects a proposed justification; never by its proposer. */
    public Decision<StoredJustification> decideJustification(long id, String to, String actor, String note,
            Instant now) {
        requireDecision(to);
        return transition(MANAGED_JUSTIFICATION, MANAGED_JUSTIFICATION.ID, id, "justification", to, actor, note, now,
                ComplianceStore::justification, ComplianceStore::describe);
    }

    /** Withdraws a proposed justification or stops an approved one from applying. */
    public Decision<StoredJustification> revokeJustification(long id, String actor, String note, Instant now) {
        return transition(MANAGED_JUSTIFICATION, MANAGED_JUSTIFICATION.ID, id, "justification", REVOKED, actor, note,
                now, ComplianceStore::justification, ComplianceStore::describe);
    }

    // ---------------------------------------------------------------- per-cluster settings

    /**
     * What the workflow tracks for a cluster; {@code updatedAt} and {@code updatedBy} null while an
     * admin never set it (nothing tracked).
     */
    public record Tracking(String cluster, boolean justifications, boolean reviews, List<String> reviewRecipients,
            Instant updatedAt, String updatedBy) {
        public Tracking {
            reviewRecipients = List.copyOf(reviewRecipients);
        }

        /** Nothing tracked: a cluster an admin never configured. */
        public static Tracking none(String cluster) {
            return new Tracking(cluster, false, false, List.of(), null, null);
        }
    }

    public Tracking tracking(String cluster) {
        return dsl.selectFrom(COMPLIANCE_SETTING).where(COMPLIANCE_SETTING.CLUSTER.eq(cluster))
                .fetchOptional(ComplianceStore::tracking).orElse(Tracking.none(cluster));
    }

    private static Tracking tracking(dev.netpolauditor.store.jooq.tables.records.ComplianceSettingRecord r) {
        return new Tracking(r.getCluster(), r.getJustifications(), r.getReviews(),
                java.util.Arrays.asList(r.getReviewRecipients()), instant(r.getUpdatedAt()), r.getUpdatedBy());
    }

    /** Sets what is tracked for a cluster, audited as {@code compliance.configured}. */
    public Tracking setTracking(String cluster, boolean justifications, boolean reviews, List<String> recipients,
            String actor, Instant now) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.insertInto(COMPLIANCE_SETTING)
                    .set(COMPLIANCE_SETTING.CLUSTER, cluster)
                    .set(COMPLIANCE_SETTING.JUSTIFICATIONS, justifications)
                    .set(COMPLIANCE_SETTING.REVIEWS, reviews)
                    .set(COMPLIANCE_SETTING.REVIEW_RECIPIENTS, recipients.toArray(String[]::new))
                    .set(COMPLIANCE_SETTING.UPDATED_AT, time(now))
                    .set(COMPLIANCE_SETTING.UPDATED_BY, actor)
                    .onConflict(COMPLIANCE_SETTING.CLUSTER).doUpdate()
                    .set(COMPLIANCE_SETTING.JUSTIFICATIONS, justifications)
                    .set(COMPLIANCE_SETTING.REVIEWS, reviews)
                    .set(COMPLIANCE_SETTING.REVIEW_RECIPIENTS, recipients.toArray(String[]::new))
                    .set(COMPLIANCE_SETTING.UPDATED_AT, time(now))
                    .set(COMPLIANCE_SETTING.UPDATED_BY, actor)
                    .execute();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("justifications", justifications);
            detail.put("reviews", reviews);
            detail.put("reviewRecipients", recipients);
            AccessStore.audit(db, actor, "compliance.configured", "cluster:" + cluster, detail);
            return new Tracking(cluster, justifications, reviews, recipients, now, actor);
        });
    }

    // ---------------------------------------------------------------- reviews

    /** A review as stored, with its record in the evidence chain ({@code reportId}). */
    public record StoredReview(long id, String cluster, long snapshotId, String reviewer, String outcome, String notes,
            Instant recordedAt, long reportId) {}

    /**
     * Records a review and its evidence report (the review's record, built by {@code evidence} from
     * the review as stored) in one transaction: the review joins the cluster's hash chain, both rows
     * append-only, audited as {@code review.recorded}.
     */
    public StoredReview recordReview(String cluster, long snapshotId, String reviewer, String outcome, String notes,
            Instant now, Function<StoredReview, ReportStore.NewReport> evidence) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            // the review's id first: its record names it; the report row it points to comes next
            long id = db.select(DSL.field("nextval(pg_get_serial_sequence('review', 'id'))", Long.class))
                    .fetchOne(0, Long.class);
            StoredReview draft = new StoredReview(id, cluster, snapshotId, reviewer, outcome, notes, now, 0);
            ReportStore.StoredReport report = ReportStore.append(db, evidence.apply(draft));
            db.execute("INSERT INTO review (id, cluster, snapshot_id, reviewer, outcome, notes, recorded_at, report_id)"
                    + " OVERRIDING SYSTEM VALUE VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7})", DSL.val(id),
                    DSL.val(cluster), DSL.val(snapshotId), DSL.val(reviewer), DSL.val(outcome), DSL.val(notes),
                    DSL.val(time(now)), DSL.val(report.id()));
            StoredReview stored = new StoredReview(id, cluster, snapshotId, reviewer, outcome, notes, now, report.id());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("cluster", cluster);
            detail.put("snapshot", snapshotId);
            detail.put("outcome", outcome);
            detail.put("report", report.id());
            AccessStore.audit(db, reviewer, "review.recorded", "review:" + id, detail);
            return stored;
        });
    }

    /** A cluster's reviews, newest first. */
    public SnapshotQueries.Page<StoredReview> reviews(String cluster, int limit, int offset) {
        int total = dsl.fetchCount(REVIEW, REVIEW.CLUSTER.eq(cluster));
        List<StoredReview> items = dsl.selectFrom(REVIEW).where(REVIEW.CLUSTER.eq(cluster)).orderBy(REVIEW.ID.desc())
                .limit(limit).offset(offset).fetch(ComplianceStore::review);
        return new SnapshotQueries.Page<>(items, total, limit, offset);
    }

    /** The last review of a cluster recorded at or before {@code at}, if any. */
    public Optional<StoredReview> lastReview(String cluster, Instant at) {
        return dsl.selectFrom(REVIEW).where(REVIEW.CLUSTER.eq(cluster)).and(REVIEW.RECORDED_AT.le(time(at)))
                .orderBy(REVIEW.RECORDED_AT.desc(), REVIEW.ID.desc()).limit(1).fetchOptional(ComplianceStore::review);
    }

    public Optional<StoredReview> review(long id) {
        return dsl.selectFrom(REVIEW).where(REVIEW.ID.eq(id)).fetchOptional(ComplianceStore::review);
    }

    /** The clusters whose reviews are tracked. */
    public List<Tracking> reviewTracking() {
        return dsl.selectFrom(COMPLIANCE_SETTING).where(COMPLIANCE_SETTING.REVIEWS.isTrue())
                .orderBy(COMPLIANCE_SETTING.CLUSTER).fetch(ComplianceStore::tracking);
    }

    private static StoredReview review(ReviewRecord r) {
        return new StoredReview(r.getId(), r.getCluster(), r.getSnapshotId(), r.getReviewer(), r.getOutcome(),
                r.getNotes(), instant(r.getRecordedAt()), r.getReportId());
    }

    private static void requireDecision(String to) {
        if (!to.equals(APPROVED) && !to.equals(REJECTED)) {
            throw new IllegalArgumentException("a record is decided approved or rejected, not " + to);
        }
    }

    /**
     * One decision on a managed record, the same for exceptions and justifications: the row is
     * locked; {@link #APPROVED} and {@link #REJECTED} apply to a proposal and never by its proposer;
     * {@link #REVOKED} applies to a proposal (withdrawn) or an approved record. The change and its
     * audit log entry ({@code <kind>.<state>}) commit together.
     */
    private <R extends UpdatableRecord<R>, T> Decision<T> transition(Table<R> table, TableField<R, Long> key,
            long id, String kind, String to, String actor, String note, Instant now, Function<R, T> view,
            Function<T, Map<String, Object>> describe) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            R row = db.selectFrom(table).where(key.eq(id)).forUpdate().fetchOne();
            if (row == null) {
                return new Decision.NotFound<>();
            }
            T before = view.apply(row);
            String state = row.get(STATE_COLUMN, String.class);
            boolean revoke = to.equals(REVOKED);
            if (!(state.equals(PROPOSED) || revoke && state.equals(APPROVED))) {
                return new Decision.WrongState<>(before, state);
            }
            if (!revoke && row.get(PROPOSED_BY_COLUMN, String.class).equals(actor)) {
                return new Decision.OwnProposal<>(before);
            }
            row.set(DSL.field(STATE_COLUMN, String.class), to);
            if (revoke) {
                row.set(DSL.field("revoked_by", String.class), actor);
                row.set(DSL.field("revoked_at", OffsetDateTime.class), time(now));
                if (note != null) {
                    row.set(DSL.field("decision_note", String.class), note);
                }
            } else {
                row.set(DSL.field("decided_by", String.class), actor);
                row.set(DSL.field("decided_at", OffsetDateTime.class), time(now));
                row.set(DSL.field("decision_note", String.class), note);
            }
            row.store();
            T after = view.apply(row);
            Map<String, Object> detail = describe.apply(after);
            detail.put("note", note);
            if (revoke) {
                detail.put("was", state);
            }
            AccessStore.audit(db, actor, kind + "." + to, kind + ":" + id, detail);
            return new Decision.Done<>(after);
        });
    }

    private static final String STATE_COLUMN = "state";
    private static final String PROPOSED_BY_COLUMN = "proposed_by";

    private static Map<String, Object> describe(StoredException e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", e.cluster());
        out.put("rule", e.rule());
        out.put("subject", e.subjectPattern());
        out.put("owner", e.owner());
        out.put("expires", e.expires().toString());
        out.put("ticket", e.ticket());
        out.put("state", e.state());
        return out;
    }

    private static Map<String, Object> describe(StoredJustification j) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", j.cluster());
        out.put("policy", j.policy());
        out.put("rule", j.rule());
        out.put("sha256", j.sha256());
        out.put("owner", j.owner());
        out.put("state", j.state());
        return out;
    }

    private static StoredJustification justification(ManagedJustificationRecord r) {
        return new StoredJustification(r.getId(), r.getCluster(), r.getPolicy(), r.getRule(), r.getSha256(),
                r.getText(), r.getOwner(), r.getState(), r.getProposedBy(), instant(r.getProposedAt()),
                r.getDecidedBy(), instant(r.getDecidedAt()), r.getDecisionNote(), r.getRevokedBy(),
                instant(r.getRevokedAt()));
    }

    private static StoredException exception(ManagedExceptionRecord r) {
        return new StoredException(r.getId(), r.getCluster(), r.getRule(), r.getSubjectPattern(),
                r.getJustification(), r.getOwner(), r.getExpires(), r.getTicket(), r.getState(), r.getProposedBy(),
                instant(r.getProposedAt()), r.getDecidedBy(), instant(r.getDecidedAt()), r.getDecisionNote(),
                r.getRevokedBy(), instant(r.getRevokedAt()), instant(r.getRemindedAt()));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
