package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.DELIVERY;

import dev.netpolauditor.store.SnapshotQueries.Page;
import dev.netpolauditor.store.jooq.tables.records.DeliveryRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The delivery outbox (V8__deliveries.sql). Replicas share it: recording a due time is an
 * insert that ignores conflicts, and generating or sending first locks the rows concerned with
 * {@code FOR UPDATE SKIP LOCKED}, so a row is worked on by one replica at a time and the
 * others pass over it.
 */
public final class DeliveryStore {
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    private final DSLContext dsl;

    public DeliveryStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One delivery row: a subscribed report ({@code subscriptionId}; {@code reportId}, {@code subject}
     * and {@code body} are null until generated) or a reminder ({@code reminder} names what it reminds
     * of; its subject and body are written with it, and it has no report).
     */
    public record Delivery(long id, Long subscriptionId, Instant dueAt, String requestedBy, Long reportId,
            String subject, String body, String recipient, String messageId, String status, int attempts,
            Instant nextAttemptAt, String lastError, Instant sentAt, Instant createdAt, String reminder) {}

    /** A due time of a subscription to record: one row per recipient, with its Message-ID. */
    public record Due(long subscriptionId, Instant dueAt, String requestedBy, List<Recipient> recipients) {
        public Due {
            recipients = List.copyOf(recipients);
        }
    }

    public record Recipient(String address, String messageId) {}

    /** What generating a due time's report gave: the report and mail text, or why there is none. */
    public sealed interface Generation {
        record Generated(long reportId, String subject, String body) implements Generation {}

        record Impossible(String reason) implements Generation {}
    }

    /** What an attempt changed: the row's new status, attempts, next attempt, error and sent time. */
    public record Attempt(String status, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt) {}

    /** The latest scheduled due time recorded for {@code subscriptionId} (send-now rows aside). */
    public Optional<Instant> lastScheduledDue(long subscriptionId) {
        OffsetDateTime last = dsl.select(DSL.max(DELIVERY.DUE_AT)).from(DELIVERY)
                .where(DELIVERY.SUBSCRIPTION_ID.eq(subscriptionId)).and(DELIVERY.REQUESTED_BY.isNull())
                .fetchOne(0, OffsetDateTime.class);
        return Optional.ofNullable(last).map(OffsetDateTime::toInstant);
    }

    /**
     * Records {@code due}, pending and first tried at {@code now}; rows another replica
     * recorded already stay as they are. Returns the number of rows this call added.
     */
    public int record(Due due, Instant now) {
        var insert = dsl.insertInto(DELIVERY, DELIVERY.SUBSCRIPTION_ID, DELIVERY.DUE_AT, DELIVERY.REQUESTED_BY,
                DELIVERY.RECIPIENT, DELIVERY.MESSAGE_ID, DELIVERY.NEXT_ATTEMPT_AT);
        for (Recipient r : due.recipients()) {
            insert = insert.values(due.subscriptionId(), time(due.dueAt()), due.requestedBy(), r.address(),
                    r.messageId(), time(now));
        }
        return insert.onConflictDoNothing().execute();
    }

    /**
     * Records a reminder mail to {@code recipient}, pending and first tried at {@code now}, unless
     * this reminder was recorded for this recipient before (by this or another replica): a reminder
     * is mailed once. Returns whether this call recorded it.
     */
    public boolean recordReminder(String reminder, String recipient, String subject, String body, Instant now) {
        // fixed by what it reminds of and whom: every attempt, on any replica, carries the same Message-ID
        String messageId = "<reminder." + ReportStore.sha256((reminder + "\n" + recipient)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 24) + "@netpol-auditor>";
        return dsl.insertInto(DELIVERY).set(DELIVERY.REMINDER, reminder).set(DELIVERY.DUE_AT, time(now))
                .set(DELIVERY.RECIPIENT, recipient).set(DELIVERY.MESSAGE_ID, messageId)
                .set(DELIVERY.SUBJECT, subject).set(DELIVERY.BODY, body).set(DELIVERY.NEXT_ATTEMPT_AT, time(now))
                .onConflictDoNothing().execute() == 1;
    }

    /** The reminders recorded for {@code reminder}, oldest first. */
    public List<Delivery> reminders(String reminder) {
        return dsl.selectFrom(DELIVERY).where(DELIVERY.REMINDER.eq(reminder)).orderBy(DELIVERY.ID)
                .fetch(DeliveryStore::delivery);
    }

    /** A subscription's due time. */
    public record DueTime(long subscriptionId, Instant dueAt) {}

    /** Pending due times without a report yet, oldest first. */
    public List<DueTime> ungenerated() {
        return dsl.selectDistinct(DELIVERY.SUBSCRIPTION_ID, DELIVERY.DUE_AT).from(DELIVERY)
                .where(DELIVERY.STATUS.eq(PENDING)).and(DELIVERY.REPORT_ID.isNull()).and(DELIVERY.REMINDER.isNull())
                .orderBy(DELIVERY.DUE_AT, DELIVERY.SUBSCRIPTION_ID)
                .fetch(r -> new DueTime(r.value1(), r.value2().toInstant()));
    }

    /**
     * Generates the report of one due time, holding its rows locked: {@code generate} runs only
     * when this call got every still-ungenerated row of the due time (none is locked by another
     * replica), then its outcome is written to them: the report and mail text, or status failed
     * with the reason. Returns false when there was nothing to do here.
     */
    public boolean generate(long subscriptionId, Instant dueAt, Function<List<Delivery>, Generation> generate) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            List<Delivery> rows = db.selectFrom(DELIVERY).where(DELIVERY.SUBSCRIPTION_ID.eq(subscriptionId))
                    .and(DELIVERY.DUE_AT.eq(time(dueAt))).and(DELIVERY.REPORT_ID.isNull())
                    .and(DELIVERY.STATUS.eq(PENDING)).orderBy(DELIVERY.ID).forUpdate().skipLocked()
                    .fetch(DeliveryStore::delivery);
            if (rows.isEmpty()) {
                return false;
            }
            List<Long> ids = rows.stream().map(Delivery::id).toList();
            switch (generate.apply(rows)) {
                case Generation.Generated g -> db.update(DELIVERY).set(DELIVERY.REPORT_ID, g.reportId())
                        .set(DELIVERY.SUBJECT, g.subject()).set(DELIVERY.BODY, g.body())
                        .where(DELIVERY.ID.in(ids)).execute();
                case Generation.Impossible i -> db.update(DELIVERY).set(DELIVERY.STATUS, FAILED)
                        .set(DELIVERY.LAST_ERROR, i.reason()).where(DELIVERY.ID.in(ids)).execute();
            }
            return true;
        });
    }

    /**
     * Makes one attempt at the oldest generated pending delivery (a report's or a reminder) due by
     * {@code now} that no other replica is working on: {@code attempt} sends it (the row stays locked meanwhile)
     * and says what changed. With {@code only}, only that due time's deliveries are considered.
     * Returns false when none is due.
     */
    public boolean attemptNext(Instant now, DueTime only, Function<Delivery, Attempt> attempt) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            Condition of = only == null ? DSL.noCondition()
                    : DELIVERY.SUBSCRIPTION_ID.eq(only.subscriptionId()).and(DELIVERY.DUE_AT.eq(time(only.dueAt())));
            Optional<Delivery> next = db.selectFrom(DELIVERY).where(DELIVERY.STATUS.eq(PENDING)).and(of)
                    .and(DELIVERY.REPORT_ID.isNotNull().or(DELIVERY.REMINDER.isNotNull()))
                    .and(DELIVERY.NEXT_ATTEMPT_AT.le(time(now)))
                    .orderBy(DELIVERY.NEXT_ATTEMPT_AT, DELIVERY.ID).limit(1).forUpdate().skipLocked()
                    .fetchOptional(DeliveryStore::delivery);
            if (next.isEmpty()) {
                return false;
            }
            Attempt a = attempt.apply(next.get());
            db.update(DELIVERY).set(DELIVERY.STATUS, a.status()).set(DELIVERY.ATTEMPTS, a.attempts())
                    .set(DELIVERY.NEXT_ATTEMPT_AT, time(a.nextAttemptAt())).set(DELIVERY.LAST_ERROR, a.lastError())
                    .set(DELIVERY.SENT_AT, a.sentAt() == null ? null : time(a.sentAt()))
                    .where(DELIVERY.ID.eq(next.get().id())).execute();
            return true;
        });
    }

    /** The deliveries of one due time, by recipient order of recording. */
    public List<Delivery> of(DueTime due) {
        return dsl.selectFrom(DELIVERY).where(DELIVERY.SUBSCRIPTION_ID.eq(due.subscriptionId()))
                .and(DELIVERY.DUE_AT.eq(time(due.dueAt()))).orderBy(DELIVERY.ID).fetch(DeliveryStore::delivery);
    }

    /** A subscription's deliveries, newest due time first. */
    public Page<Delivery> list(long subscriptionId, int limit, int offset) {
        var where = DELIVERY.SUBSCRIPTION_ID.eq(subscriptionId);
        int total = dsl.fetchCount(DELIVERY, where);
        List<Delivery> items = dsl.selectFrom(DELIVERY).where(where)
                .orderBy(DELIVERY.DUE_AT.desc(), DELIVERY.ID).limit(limit).offset(offset)
                .fetch(DeliveryStore::delivery);
        return new Page<>(items, total, limit, offset);
    }

    private static Delivery delivery(DeliveryRecord r) {
        return new Delivery(r.getId(), r.getSubscriptionId(), r.getDueAt().toInstant(), r.getRequestedBy(),
                r.getReportId(), r.getSubject(), r.getBody(), r.getRecipient(), r.getMessageId(), r.getStatus(),
                r.getAttempts(), r.getNextAttemptAt().toInstant(), r.getLastError(), instant(r.getSentAt()),
                r.getCreatedAt().toInstant(), r.getReminder());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
