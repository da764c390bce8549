/**
 * Snapshot history in PostgreSQL. The schema lives in {@code db/migrations/} (Flyway); the
 * jOOQ classes of {@code dev.netpolauditor.store.jooq} are generated from it at build time
 * and never leave this package: callers see {@link dev.netpolauditor.store.SnapshotStore}
 * and plain records.
 */
package dev.netpolauditor.store;
