package dev.netpolauditor.store;

import static dev.netpolauditor.store.jooq.Tables.API_TOKEN;
import static dev.netpolauditor.store.jooq.Tables.AUDIT_LOG;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.store.SnapshotQueries.Page;
import dev.netpolauditor.store.jooq.tables.records.ApiTokenRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * API tokens (by the SHA-256 of their text; the text itself is never stored) and the
 * append-only audit log. Every change to a token is written together with its audit entry,
 * in one transaction.
 */
public final class AccessStore {
    /** Advisory lock serializing the first-start admin token across replicas. */
    static final String BOOTSTRAP_LOCK = "netpol-auditor/bootstrap-admin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public AccessStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A token as stored: never its text, never its hash. */
    public record StoredToken(long id, String name, String role, Instant createdAt, String createdBy,
            Instant lastUsedAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** One entry of the audit log. */
    public record AuditEntry(long id, Instant at, String actor, String action, String target,
            Map<String, Object> detail) {}

    /** How seeding a fixed admin token went. */
    public enum Seeded { CREATED, ALREADY_ACTIVE, REVOKED }

    /** The active token whose text hashes to {@code sha256}, if any. */
    public Optional<StoredToken> activeToken(String sha256) {
        return dsl.selectFrom(API_TOKEN)
                .where(API_TOKEN.HASH.eq(sha256)).and(API_TOKEN.REVOKED_AT.isNull())
                .fetchOptional().map(AccessStore::token);
    }

    /** Notes that the token was used: at most one write a minute per token. */
    public void touch(long id) {
        dsl.update(API_TOKEN).set(API_TOKEN.LAST_USED_AT, DSL.currentOffsetDateTime())
                .where(API_TOKEN.ID.eq(id))
                .and(API_TOKEN.LAST_USED_AT.isNull().or(API_TOKEN.LAST_USED_AT.lt(
                        DSL.field("now() - interval '1 minute'", OffsetDateTime.class))))
                .execute();
    }

    /** Every token, active and revoked, oldest first. */
    public List<StoredToken> tokens() {
        return dsl.selectFrom(API_TOKEN).orderBy(API_TOKEN.ID).fetch().map(AccessStore::token);
    }

    /** Stores a new token and audits its creation by {@code actor}. */
    public StoredToken createToken(String name, String role, String sha256, String actor) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            StoredToken token = insert(db, name, role, sha256, actor);
            audit(db, actor, "token.created", "token:" + token.id(), Map.of("name", name, "role", role));
            return token;
        });
    }

    /**
     * Revokes a token and audits it; empty when there is no such token. Revoking a revoked
     * token changes nothing and writes no entry.
     */
    public Optional<StoredToken> revokeToken(long id, String actor) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            ApiTokenRecord row = db.selectFrom(API_TOKEN).where(API_TOKEN.ID.eq(id)).forUpdate().fetchOne();
            if (row == null) {
                return Optional.empty();
            }
            if (row.getRevokedAt() == null) {
                row.setRevokedAt(OffsetDateTime.now());
                row.store();
                audit(db, actor, "token.revoked", "token:" + id, Map.of("name", row.getName(), "role", row.getRole()));
            }
            return Optional.of(token(row));
        });
    }

    /**
     * Creates an admin token with the given hash when no active admin token exists, and
     * says whether it did. Replicas starting together take turns on an advisory lock, so
     * only one of them creates (and prints) a token.
     */
    public boolean createFirstAdmin(String name, String sha256, String actor) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.execute("SELECT pg_advisory_xact_lock(hashtext({0}))", DSL.val(BOOTSTRAP_LOCK));
            boolean anyAdmin = db.fetchExists(API_TOKEN, API_TOKEN.ROLE.eq("admin").and(API_TOKEN.REVOKED_AT.isNull()));
            if (anyAdmin) {
                return false;
            }
            StoredToken token = insert(db, name, "admin", sha256, actor);
            audit(db, actor, "token.created", "token:" + token.id(), Map.of("name", name, "role", "admin"));
            return true;
        });
    }

    /**
     * Makes sure a token with this hash exists as an admin token (a fixed token from the
     * environment). A token of that hash revoked through the API stays revoked.
     */
    public Seeded seedAdmin(String name, String sha256, String actor) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.execute("SELECT pg_advisory_xact_lock(hashtext({0}))", DSL.val(BOOTSTRAP_LOCK));
            ApiTokenRecord row = db.selectFrom(API_TOKEN).where(API_TOKEN.HASH.eq(sha256)).fetchOne();
            if (row != null) {
                if (row.getRevokedAt() != null) {
                    return Seeded.REVOKED;
                }
                if (!"admin".equals(row.getRole())) {
                    row.setRole("admin");
                    row.store();
                }
                return Seeded.ALREADY_ACTIVE;
            }
            StoredToken token = insert(db, name, "admin", sha256, actor);
            audit(db, actor, "token.created", "token:" + token.id(), Map.of("name", name, "role", "admin"));
            return Seeded.CREATED;
        });
    }

    /** Appends an entry to the audit log. */
    public void audit(String actor, String action, String target, Map<String, ?> detail) {
        audit(dsl, actor, action, target, detail);
    }

    /** The audit log, newest first. */
    public Page<AuditEntry> auditLog(int limit, int offset) {
        int total = dsl.fetchCount(AUDIT_LOG);
        List<AuditEntry> items = dsl.selectFrom(AUDIT_LOG).orderBy(AUDIT_LOG.AT.desc(), AUDIT_LOG.ID.desc())
                .limit(limit).offset(offset).fetch()
                .map(r -> new AuditEntry(r.getId(), r.getAt().toInstant(), r.getActor(), r.getAction(),
                        r.getTarget(), read(r.getDetail())));
        return new Page<>(items, total, limit, offset);
    }

    private static StoredToken insert(DSLContext db, String name, String role, String sha256, String actor) {
        ApiTokenRecord row = db.insertInto(API_TOKEN)
                .set(API_TOKEN.NAME, name)
                .set(API_TOKEN.ROLE, role)
                .set(API_TOKEN.HASH, sha256)
                .set(API_TOKEN.CREATED_BY, actor)
                .returning().fetchOne();
        return token(row);
    }

    /** Appends an entry within {@code db}'s transaction: a change and its entry commit together. */
    static void audit(DSLContext db, String actor, String action, String target, Map<String, ?> detail) {
        db.insertInto(AUDIT_LOG)
                .set(AUDIT_LOG.ACTOR, actor)
                .set(AUDIT_LOG.ACTION, action)
                .set(AUDIT_LOG.TARGET, target)
                .set(AUDIT_LOG.DETAIL, JSONB.jsonb(CanonicalJson.write(detail == null ? Map.of() : detail)))
                .execute();
    }

    private static StoredToken token(ApiTokenRecord r) {
        return new StoredToken(r.getId(), r.getName(), r.getRole(), r.getCreatedAt().toInstant(), r.getCreatedBy(),
                r.getLastUsedAt() == null ? null : r.getLastUsedAt().toInstant(),
                r.getRevokedAt() == null ? null : r.getRevokedAt().toInstant());
    }

    private static Map<String, Object> read(JSONB json) {
        try {
            return JSON.readValue(json.data(), new TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new IllegalStateException("audit_log.detail is not a JSON object", e);
        }
    }
}
