package dev.netpolauditor.service;

import dev.netpolauditor.store.AccessStore;
import dev.netpolauditor.store.AccessStore.StoredToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The API tokens: created with a role, listed (never their text), revoked; each change audited. */
public final class Tokens {
    /** A token as kept: never its text, never its hash. */
    public record Token(long id, String name, String role, Instant createdAt, String createdBy, Instant lastUsedAt,
            Instant revokedAt) {}

    private final AccessStore store;

    public Tokens(AccessStore store) {
        this.store = store;
    }

    /** Stores a token of the given hash for {@code actor} and audits it. */
    public Token create(String name, String role, String sha256, String actor) {
        return token(store.createToken(name, role, sha256, actor));
    }

    /** Every token, active and revoked, oldest first. */
    public List<Token> list() {
        return store.tokens().stream().map(Tokens::token).toList();
    }

    /** Revokes a token (a revoked one stays as it is); empty when there is no such token. */
    public Optional<Token> revoke(long id, String actor) {
        return store.revokeToken(id, actor).map(Tokens::token);
    }

    private static Token token(StoredToken t) {
        return new Token(t.id(), t.name(), t.role(), t.createdAt(), t.createdBy(), t.lastUsedAt(), t.revokedAt());
    }
}
