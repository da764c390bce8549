-- Finding lifecycles from stored runs (issue 21): the lifecycle page read every finding of every
-- distinct analysis of its range (3.26 M rows for a year of daily 10,000-pod analyses, 2-4 s);
-- it now reads one row per stretch of presence of each finding identity.
--
-- finding_identity  A finding identity (rule, namespace, subject, policy) of one cluster, as an
--                   integer. Per cluster because an analysis is shared by every cluster whose
--                   content, engine and settings are equal, so a finding row cannot carry it.
-- finding_run       A maximal stretch of consecutive complete snapshots of a cluster (in
--                   (started_at, id) order) in which the identity is present (not excepted) with
--                   one severity. A change of severity ends a run and starts the next one with
--                   continues = true: the identity did not go away (reopened counts islands of
--                   presence, severity as last seen is the last run's). A run still present in
--                   the cluster's latest complete snapshot is open-ended (last_snapshot_id null),
--                   so a re-snapshot that shares the previous one's analysis changes no run.
--
-- Kept by store.SnapshotStore as each snapshot is stored (same transaction) and by
-- store.Retention as snapshots are deleted (store.FindingRuns). The snapshot ids carry no foreign
-- key: the runs are rewritten in the transaction that deletes snapshots, before the delete.

-- The identity of a finding as one text value, for joining findings to their identity by one
-- equality: length-prefixed parts, '-' for a null one, so distinct identities never give the same
-- key. Joined on the four columns (IS NOT DISTINCT FROM for the nullable two), the planner
-- estimated one row out of millions and rescanned the other side once per finding (minutes for a
-- year of 10,000-pod analyses); on this key it hashes, with the unique index as its estimate.
CREATE FUNCTION finding_identity_key(rule text, namespace text, subject text, policy text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN length(rule) || ':' || rule || coalesce(length(namespace) || ':' || namespace, '-')
        || length(subject) || ':' || subject || coalesce(length(policy) || ':' || policy, '-');

CREATE TABLE finding_identity (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster_id bigint NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    rule       text   NOT NULL,
    namespace  text,
    subject    text   NOT NULL,
    policy     text,
    key        text   NOT NULL GENERATED ALWAYS AS (finding_identity_key(rule, namespace, subject, policy)) STORED,
    CONSTRAINT finding_identity_cluster_key UNIQUE (cluster_id, key)
);
COMMENT ON TABLE finding_identity IS 'A finding identity (rule, namespace, subject, policy) that was present in some complete snapshot of a cluster, as an integer for its runs.';
COMMENT ON COLUMN finding_identity.key IS 'finding_identity_key(rule, namespace, subject, policy): the identity as one value, to join findings by.';

CREATE TABLE finding_run (
    identity_id       bigint      NOT NULL REFERENCES finding_identity (id) ON DELETE CASCADE,
    cluster_id        bigint      NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    first_snapshot_id bigint      NOT NULL,
    first_started_at  timestamptz NOT NULL,
    last_snapshot_id  bigint,
    last_started_at   timestamptz,
    severity          text        NOT NULL CHECK (severity IN ('high', 'medium', 'low', 'info')),
    continues         boolean     NOT NULL,
    PRIMARY KEY (identity_id, first_snapshot_id),
    CHECK ((last_snapshot_id IS NULL) = (last_started_at IS NULL)),
    CHECK (last_started_at >= first_started_at)
);
COMMENT ON TABLE finding_run IS 'A maximal stretch of consecutive complete snapshots of a cluster in which a finding identity is present (not excepted) with one severity.';
COMMENT ON COLUMN finding_run.last_snapshot_id IS 'Null while the identity is present in the cluster''s latest complete snapshot (the run goes on).';
COMMENT ON COLUMN finding_run.continues IS 'The identity was present in the snapshot just before first_snapshot_id with another severity.';
-- the runs a lifecycle page reads; the open runs a new snapshot ends or extends
CREATE INDEX finding_run_cluster_idx ON finding_run (cluster_id);
CREATE UNIQUE INDEX finding_run_open_idx ON finding_run (identity_id) WHERE last_snapshot_id IS NULL;

-- Fill both from the stored history, set-based (the same derivation as FindingRuns.rebuild, for
-- every cluster at once): the runs of consecutive snapshots sharing an analysis, the findings
-- present in each, then per identity the stretches of adjacent ones with one severity.
INSERT INTO finding_identity (cluster_id, rule, namespace, subject, policy)
SELECT DISTINCT s.cluster_id, f.rule, f.namespace, f.subject, f.policy
FROM (SELECT DISTINCT cluster_id, analysis_id FROM snapshot WHERE status = 'complete') s
JOIN finding f ON f.analysis_id = s.analysis_id
WHERE f.status <> 'excepted';

WITH snaps AS (
    SELECT id, cluster_id, started_at, analysis_id,
           row_number() OVER (PARTITION BY cluster_id ORDER BY started_at, id) AS n,
           count(*) OVER (PARTITION BY cluster_id) AS total
    FROM snapshot WHERE status = 'complete'
),
analysis_runs AS (
    SELECT cluster_id, analysis_id, min(n) AS first_n, max(n) AS last_n
    FROM (SELECT cluster_id, analysis_id, n,
                 n - row_number() OVER (PARTITION BY cluster_id, analysis_id ORDER BY n) AS island
          FROM snaps) s
    GROUP BY cluster_id, analysis_id, island
),
present AS (
    SELECT r.cluster_id, i.id AS identity_id, r.first_n, r.last_n, f.severity
    FROM analysis_runs r
    JOIN finding f ON f.analysis_id = r.analysis_id AND f.status <> 'excepted'
    JOIN finding_identity i ON i.cluster_id = r.cluster_id
                           AND i.key = finding_identity_key(f.rule, f.namespace, f.subject, f.policy)
),
marked AS (
    SELECT cluster_id, identity_id, first_n, last_n, severity,
           lag(last_n) OVER w = first_n - 1 AS adjacent,
           lag(last_n) OVER w = first_n - 1 AND lag(severity) OVER w = severity AS same
    FROM present
    WINDOW w AS (PARTITION BY identity_id ORDER BY first_n)
),
numbered AS (
    SELECT *, count(*) FILTER (WHERE same IS NOT TRUE)
                  OVER (PARTITION BY identity_id ORDER BY first_n) AS run
    FROM marked
),
runs AS (
    SELECT cluster_id, identity_id, min(first_n) AS first_n, max(last_n) AS last_n, min(severity) AS severity,
           bool_or(same IS NOT TRUE AND adjacent IS TRUE) AS continues
    FROM numbered GROUP BY cluster_id, identity_id, run
)
INSERT INTO finding_run (identity_id, cluster_id, first_snapshot_id, first_started_at, last_snapshot_id,
                         last_started_at, severity, continues)
SELECT r.identity_id, r.cluster_id, fs.id, fs.started_at,
       CASE WHEN r.last_n < ls.total THEN ls.id END, CASE WHEN r.last_n < ls.total THEN ls.started_at END,
       r.severity, r.continues
FROM runs r
JOIN snaps fs ON fs.cluster_id = r.cluster_id AND fs.n = r.first_n
JOIN snaps ls ON ls.cluster_id = r.cluster_id AND ls.n = r.last_n;
