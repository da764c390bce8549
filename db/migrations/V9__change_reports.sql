-- Change reports: what changed in a cluster between two snapshots, kept as evidence beside
-- the compliance reports (same table, same hash chain), and subscriptions that deliver them.
--
-- The CHECKs were declared inline in V5 and V6, so PostgreSQL named them <table>_<column>_check.
-- Replacing a constraint is no UPDATE or DELETE of a row: the append-only trigger on report
-- does not object.

ALTER TABLE report DROP CONSTRAINT report_kind_check;
ALTER TABLE report ADD CONSTRAINT report_kind_check CHECK (kind IN ('compliance', 'change'));
COMMENT ON COLUMN report.snapshot_ids IS 'compliance: the snapshot the report is about first, then the snapshots of its'
    ' trend. change: [to, from], the later snapshot first; [to] alone when there was no earlier snapshot to compare'
    ' with.';

ALTER TABLE subscription DROP CONSTRAINT subscription_kind_check;
ALTER TABLE subscription ADD CONSTRAINT subscription_kind_check CHECK (kind IN ('compliance', 'change'));

-- A change report of a subscription starts where the subscription's previous report ended.
CREATE INDEX report_subscription_idx ON report (subscription_id, id DESC) WHERE subscription_id IS NOT NULL;
