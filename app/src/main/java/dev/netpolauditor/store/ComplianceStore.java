package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.MANAGED_EXCEPTION;

import dev.netpolauditor.store.jooq.tables.records.ManagedExceptionRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The compliance records managed through the API (V15__compliance_workflow.sql): exceptions that
 * apply once a second identity approved them. Every change is written together with its audit log
 * entry, in one transaction; a decision locks the record first, so two approvers at once cannot
 * both decide, and the four-eyes rule is checked under that lock (and again by the database).
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
        if (!to.equals(APPROVED) && !to.equals(REJECTED)) {
            throw new IllegalArgumentException("an exception is decided approved or rejected, not " + to);
        }
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            ManagedExceptionRecord row = db.selectFrom(MANAGED_EXCEPTION).where(MANAGED_EXCEPTION.ID.eq(id))
                    .forUpdate().fetchOne();
            if (row == null) {
                return new Decision.NotFound<>();
            }
            StoredException before = exception(row);
            if (!before.state().equals(PROPOSED)) {
                return new Decision.WrongState<>(before, before.state());
            }
            if (before.proposedBy().equals(actor)) {
                return new Decision.OwnProposal<>(before);
            }
            row.setState(to);
            row.setDecidedBy(actor);
            row.setDecidedAt(time(now));
            row.setDecisionNote(note);
            row.store();
            StoredException after = exception(row);
            Map<String, Object> detail = describe(after);
            detail.put("note", note);
            AccessStore.audit(db, actor, "exception." + to, "exception:" + id, detail);
            return new Decision.Done<>(after);
        });
    }

    /**
     * Revokes an exception (a proposal is withdrawn, an approved one stops applying) on behalf of
     * {@code actor}; proposed and approved exceptions only.
     */
    public Decision<StoredException> revokeException(long id, String actor, String note, Instant now) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            ManagedExceptionRecord row = db.selectFrom(MANAGED_EXCEPTION).where(MANAGED_EXCEPTION.ID.eq(id))
                    .forUpdate().fetchOne();
            if (row == null) {
                return new Decision.NotFound<>();
            }
            StoredException before = exception(row);
            if (!before.state().equals(PROPOSED) && !before.state().equals(APPROVED)) {
                return new Decision.WrongState<>(before, before.state());
            }
            row.setState(REVOKED);
            row.setRevokedBy(actor);
            row.setRevokedAt(time(now));
            row.setDecisionNote(note == null ? row.getDecisionNote() : note);
            row.store();
            StoredException after = exception(row);
            Map<String, Object> detail = describe(after);
            detail.put("note", note);
            detail.put("was", before.state());
            AccessStore.audit(db, actor, "exception.revoked", "exception:" + id, detail);
            return new Decision.Done<>(after);
        });
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
