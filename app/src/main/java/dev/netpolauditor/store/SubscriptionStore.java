package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.SUBSCRIPTION;

import dev.netpolauditor.store.jooq.tables.records.SubscriptionRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Report subscriptions. Deleting keeps the row (deleted_at) so what it produced stays explained. */
public final class SubscriptionStore {
    private final DSLContext dsl;

    public SubscriptionStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** What a subscription asks for; validated by the caller. */
    public record Spec(String cluster, List<String> recipients, String scope, List<String> scopeValues, String kind,
            String format, String schedule, String timeZone, boolean enabled) {
        public Spec {
            recipients = List.copyOf(recipients);
            scopeValues = List.copyOf(scopeValues);
        }
    }

    public record StoredSubscription(long id, Spec spec, Instant createdAt, String createdBy, Instant updatedAt) {}

    public StoredSubscription create(Spec spec, String actor) {
        SubscriptionRecord row = dsl.newRecord(SUBSCRIPTION);
        set(row, spec);
        row.setCreatedBy(actor);
        row.store();
        row.refresh();
        return subscription(row);
    }

    /** Active (not deleted) subscriptions, oldest first. */
    public List<StoredSubscription> list() {
        return dsl.selectFrom(SUBSCRIPTION).where(SUBSCRIPTION.DELETED_AT.isNull()).orderBy(SUBSCRIPTION.ID)
                .fetch(SubscriptionStore::subscription);
    }

    public Optional<StoredSubscription> subscription(long id) {
        return dsl.selectFrom(SUBSCRIPTION).where(SUBSCRIPTION.ID.eq(id)).and(SUBSCRIPTION.DELETED_AT.isNull())
                .fetchOptional(SubscriptionStore::subscription);
    }

    public Optional<StoredSubscription> update(long id, Spec spec) {
        SubscriptionRecord row = dsl.selectFrom(SUBSCRIPTION).where(SUBSCRIPTION.ID.eq(id))
                .and(SUBSCRIPTION.DELETED_AT.isNull()).fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        set(row, spec);
        row.setUpdatedAt(OffsetDateTime.now());
        row.store();
        return Optional.of(subscription(row));
    }

    /** Marks it deleted; false when there is no such active subscription. */
    public boolean delete(long id) {
        return dsl.update(SUBSCRIPTION).set(SUBSCRIPTION.DELETED_AT, DSL.currentOffsetDateTime())
                .where(SUBSCRIPTION.ID.eq(id)).and(SUBSCRIPTION.DELETED_AT.isNull()).execute() == 1;
    }

    private static void set(SubscriptionRecord row, Spec spec) {
        row.setCluster(spec.cluster());
        row.setRecipients(spec.recipients().toArray(String[]::new));
        row.setScope(spec.scope());
        row.setScopeValues(spec.scopeValues().toArray(String[]::new));
        row.setKind(spec.kind());
        row.setFormat(spec.format());
        row.setSchedule(spec.schedule());
        row.setTimeZone(spec.timeZone());
        row.setEnabled(spec.enabled());
    }

    private static StoredSubscription subscription(SubscriptionRecord r) {
        return new StoredSubscription(r.getId(), new Spec(r.getCluster(), Arrays.asList(r.getRecipients()),
                r.getScope(), Arrays.asList(r.getScopeValues()), r.getKind(), r.getFormat(), r.getSchedule(),
                r.getTimeZone(), r.getEnabled()), r.getCreatedAt().toInstant(), r.getCreatedBy(),
                r.getUpdatedAt().toInstant());
    }
}
