-- Periodic reviews and period reports (issue 18), after V15's exceptions and justifications:
-- V15 is released as it is, so what came later is here.

-- review  A periodic review (PCI DSS v4 1.2.7): a reviewer records that they reviewed a cluster's
--         policies as of a snapshot, with the outcome and notes. Each review is also a report of kind
--         'review' (its record as JSON), so it joins the cluster's evidence hash chain; both rows are
--         append-only. The snapshot is kept by id without a foreign key, as reports do: evidence
--         outlives the snapshot retention.

ALTER TABLE report DROP CONSTRAINT report_kind_check;
ALTER TABLE report ADD CONSTRAINT report_kind_check CHECK (kind IN ('compliance', 'change', 'review', 'period'));

CREATE TABLE review (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster     text        NOT NULL,
    snapshot_id bigint      NOT NULL,
    reviewer    text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('confirmed', 'changes-required')),
    notes       text        CHECK (length(notes) <= 4000),
    recorded_at timestamptz NOT NULL,
    report_id   bigint      NOT NULL UNIQUE REFERENCES report (id)
);
COMMENT ON TABLE review IS 'Periodic reviews of a cluster''s policies as of a snapshot (PCI DSS v4 1.2.7); each is also an evidence report in the hash chain. Append-only.';
COMMENT ON COLUMN review.outcome IS 'confirmed: the rules are still needed and right; changes-required: the reviewer asked for changes.';
COMMENT ON COLUMN review.report_id IS 'The review''s record in the evidence hash chain (report of kind review, JSON).';
CREATE INDEX review_cluster_idx ON review (cluster, id DESC);

CREATE FUNCTION review_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'review is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER review_no_update_delete BEFORE UPDATE OR DELETE ON review
    FOR EACH ROW EXECUTE FUNCTION review_append_only();
CREATE TRIGGER review_no_truncate BEFORE TRUNCATE ON review
    FOR EACH STATEMENT EXECUTE FUNCTION review_append_only();

-- Period reports (kind 'period' above): a compliance report over an interval of snapshots (a
-- quarter, a year), kept as evidence like the others (snapshot_ids: the complete snapshots of the
-- interval, oldest first), and subscriptions that deliver one for each interval of their schedule.
ALTER TABLE subscription DROP CONSTRAINT subscription_kind_check;
ALTER TABLE subscription ADD CONSTRAINT subscription_kind_check CHECK (kind IN ('compliance', 'change', 'period'));
