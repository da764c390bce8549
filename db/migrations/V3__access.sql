-- Who may use the API, and what they did with it.
--
-- api_token  API tokens for automation. The token text (npa_...) is shown once, when it is
--            created, and never stored: only its SHA-256, by which a request's token is
--            looked up. Revoking sets revoked_at; the row stays for the audit trail.
-- audit_log  Append-only record of changes made through the API (tokens created and
--            revoked, snapshots taken by hand, ...). The triggers below reject UPDATE,
--            DELETE and TRUNCATE, so not even the service's own database user rewrites it.

CREATE TABLE api_token (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role         text        NOT NULL CHECK (role IN ('viewer', 'auditor', 'admin')),
    hash         text        NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text        NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
COMMENT ON TABLE api_token IS 'API tokens (Authorization: Bearer npa_...); the token itself is never stored.';
COMMENT ON COLUMN api_token.hash IS 'SHA-256 (hex) of the token text; requests are authenticated by looking it up.';
COMMENT ON COLUMN api_token.created_by IS 'Who created it: the creating actor, or "bootstrap" / "NETPOL_AUDITOR_ADMIN_TOKEN".';
COMMENT ON COLUMN api_token.last_used_at IS 'Last authenticated request, to the minute (updated at most once a minute).';
COMMENT ON COLUMN api_token.revoked_at IS 'Null while the token is active; a revoked token authenticates nothing.';

CREATE TABLE audit_log (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT now(),
    actor  text        NOT NULL,
    action text        NOT NULL,
    target text        NOT NULL,
    detail jsonb       NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE audit_log IS 'Append-only record of changes made through the API; UPDATE, DELETE and TRUNCATE are rejected.';
COMMENT ON COLUMN audit_log.actor IS 'token:<id>:<name> for an API token, jwt:<subject> for an OIDC token.';
COMMENT ON COLUMN audit_log.action IS 'What was done, e.g. token.created, token.revoked, snapshot.triggered.';
COMMENT ON COLUMN audit_log.target IS 'What it was done to, e.g. token:12, cluster:prod.';
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
