package dev.netpolauditor.service;

import dev.netpolauditor.store.AccessStore;
import java.time.Instant;
import java.util.Map;

/** The audit log: who changed what, appended by the edges and read back newest first. */
public final class AuditLog {
    /** One change: when, who, what, to what. */
    public record Entry(long id, Instant at, String actor, String action, String target, Map<String, Object> detail) {}

    private final AccessStore store;

    public AuditLog(AccessStore store) {
        this.store = store;
    }

    /** Appends an entry. */
    public void record(String actor, String action, String target, Map<String, ?> detail) {
        store.audit(actor, action, target, detail);
    }

    /** The log, newest first. */
    public Page<Entry> entries(int limit, int offset) {
        return Page.of(store.auditLog(limit, offset),
                e -> new Entry(e.id(), e.at(), e.actor(), e.action(), e.target(), e.detail()));
    }
}
