-- Reports handed out by the service, kept as evidence.
--
-- report  Every generated report file (downloaded through the API, or later mailed by a
--         subscription): what it covers, which engine computed it, the file itself and its
--         SHA-256. Reports of one cluster form a hash chain: previous_sha256 is the SHA-256 of
--         the cluster's report stored just before (null for its first), so removing, reordering
--         or altering a stored report shows. The cluster is kept by name and the snapshots by
--         id without foreign keys on purpose: evidence outlives the snapshot retention.
--         The trigger below rejects UPDATE and DELETE of a row, as for audit_log.

CREATE TABLE report (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster         text        NOT NULL,
    snapshot_ids    bigint[]    NOT NULL CHECK (cardinality(snapshot_ids) >= 1),
    kind            text        NOT NULL CHECK (kind IN ('compliance')),
    format          text        NOT NULL CHECK (format IN ('xlsx', 'csv', 'json')),
    engine_version  text        NOT NULL,
    subscription_id bigint,
    generated_at    timestamptz NOT NULL,
    sha256          text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    previous_sha256 text        CHECK (previous_sha256 ~ '^[0-9a-f]{64}$'),
    size            bigint      NOT NULL CHECK (size >= 0),
    content         bytea       NOT NULL,
    created_by      text        NOT NULL
);
COMMENT ON TABLE report IS 'Generated report files kept as evidence, hash-chained per cluster; append-only.';
COMMENT ON COLUMN report.snapshot_ids IS 'The snapshot the report is about first, then the snapshots of its trend.';
COMMENT ON COLUMN report.sha256 IS 'SHA-256 (hex) of content, the file exactly as handed out.';
COMMENT ON COLUMN report.previous_sha256 IS 'sha256 of the same cluster''s previous report (by id); null for the first.';
COMMENT ON COLUMN report.created_by IS 'The actor who downloaded it, or subscription:<id> for a scheduled one.';
CREATE INDEX report_cluster_idx ON report (cluster, id DESC);
CREATE INDEX report_sha256_idx ON report (sha256);

CREATE FUNCTION report_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'report is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER report_no_update_delete BEFORE UPDATE OR DELETE ON report
    FOR EACH ROW EXECUTE FUNCTION report_append_only();
