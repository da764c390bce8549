package dev.netpolauditor.mail;

import dev.netpolauditor.service.AuditLog;
import dev.netpolauditor.service.Page;
import dev.netpolauditor.store.DeliveryStore;
import dev.netpolauditor.store.SubscriptionStore;
import dev.netpolauditor.store.SubscriptionStore.StoredSubscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Report subscriptions and their mail deliveries, as the API and the console manage them:
 * created, replaced and deleted (each change audited), listed, and sent now.
 */
public final class Subscriptions {
    /** One mail of a subscription's report to one recipient, and how sending it went. */
    public record Delivery(long id, Instant dueAt, String requestedBy, String recipient, String status, int attempts,
            Instant nextAttemptAt, String lastError, Instant sentAt, Long reportId, String messageId) {
        /** Not sent yet, and not given up: tried again at {@link #nextAttemptAt}. */
        public boolean pending() {
            return DeliveryStore.PENDING.equals(status);
        }
    }

    private final SubscriptionStore store;
    private final DeliveryStore deliveries;
    private final ReportDeliveries mail;
    private final AuditLog audit;

    public Subscriptions(SubscriptionStore store, DeliveryStore deliveries, ReportDeliveries mail, AuditLog audit) {
        this.store = store;
        this.deliveries = deliveries;
        this.mail = mail;
        this.audit = audit;
    }

    public Subscription create(Subscription.Spec spec, String actor) {
        Subscription created = subscription(store.create(row(spec), actor));
        audit.record(actor, "subscription.created", "subscription:" + created.id(), spec.auditDetail());
        return created;
    }

    /** Active (not deleted) subscriptions, oldest first. */
    public List<Subscription> list() {
        return store.list().stream().map(Subscriptions::subscription).toList();
    }

    public Optional<Subscription> subscription(long id) {
        return store.subscription(id).map(Subscriptions::subscription);
    }

    /** Replaces what the subscription asks for; empty when there is no such active subscription. */
    public Optional<Subscription> replace(long id, Subscription.Spec spec, String actor) {
        Optional<Subscription> updated = store.update(id, row(spec)).map(Subscriptions::subscription);
        updated.ifPresent(s -> audit.record(actor, "subscription.updated", "subscription:" + id, spec.auditDetail()));
        return updated;
    }

    /** Deletes it (no more reports are sent for it); false when there is no such active subscription. */
    public boolean delete(long id, String actor) {
        if (!store.delete(id)) {
            return false;
        }
        audit.record(actor, "subscription.deleted", "subscription:" + id, Map.of());
        return true;
    }

    /** The subscription's deliveries, newest due time first. */
    public Page<Delivery> deliveries(long subscriptionId, int limit, int offset) {
        var page = deliveries.list(subscriptionId, limit, offset);
        return new Page<>(page.items().stream().map(Subscriptions::delivery).toList(), page.total(), page.limit(),
                page.offset());
    }

    /** Sends the subscription's report now, outside its schedule (audited): the deliveries made. */
    public List<Delivery> sendNow(Subscription subscription, String actor, Instant now) {
        StoredSubscription stored = store.subscription(subscription.id()).orElseThrow();
        List<Delivery> made = mail.sendNow(stored, actor, now).stream().map(Subscriptions::delivery).toList();
        audit.record(actor, "subscription.sent", "subscription:" + subscription.id(),
                Map.of("recipients", subscription.spec().recipients()));
        return made;
    }

    private static SubscriptionStore.Spec row(Subscription.Spec s) {
        return new SubscriptionStore.Spec(s.cluster(), s.recipients(), s.scope(), s.scopeValues(), s.kind(),
                s.format(), s.schedule(), s.timeZone(), s.enabled());
    }

    private static Subscription subscription(StoredSubscription s) {
        SubscriptionStore.Spec r = s.spec();
        return new Subscription(s.id(), new Subscription.Spec(r.cluster(), r.recipients(), r.scope(), r.scopeValues(),
                r.kind(), r.format(), r.schedule(), r.timeZone(), r.enabled()), s.createdAt(), s.createdBy(),
                s.updatedAt());
    }

    private static Delivery delivery(DeliveryStore.Delivery d) {
        return new Delivery(d.id(), d.dueAt(), d.requestedBy(), d.recipient(), d.status(), d.attempts(),
                d.nextAttemptAt(), d.lastError(), d.sentAt(), d.reportId(), d.messageId());
    }
}
