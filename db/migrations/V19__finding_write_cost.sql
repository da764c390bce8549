-- Storing a snapshot's finding runs (issue 21): finding_identity_key as PostgreSQL can inline.
--
-- V17 wrote the key with `length(x) || ':'`, an integer joined to text: that operator
-- (anytextcat) is only STABLE, so the IMMUTABLE function was never inlined and each of its calls
-- went through the SQL-function executor: about half of the time of the statements that keep the
-- finding runs, which compute it for every finding of an analysis (372,163 of them for a
-- 150,000-pod cluster). With the integer cast to text first, every operator is immutable and the
-- planner folds the body into the calling expression. The text is the same, character for
-- character (an integer cast to text is what anytextcat appended), so the stored keys and the
-- unique index on them stay valid.
CREATE OR REPLACE FUNCTION finding_identity_key(rule text, namespace text, subject text, policy text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN length(rule)::text || ':' || rule || coalesce(length(namespace)::text || ':' || namespace, '-')
        || length(subject)::text || ':' || subject || coalesce(length(policy)::text || ':' || policy, '-');

-- What a fresh snapshot's findings cost to store, besides their rows (issue 21: a 150,000-pod
-- cluster's first snapshot writes 372,163 findings, as many identities and as many runs in one
-- transaction):
--
-- finding_identity_history_idx (V1) served the lifecycle page's walk over one identity's
-- findings across analyses; since V17 the lifecycle reads finding_run, and every query of the
-- findings names their analysis (finding_identity_key and finding_analysis_namespace_idx lead
-- with analysis_id). It was an entry of four text columns per finding written for nothing.
DROP INDEX finding_identity_history_idx;

-- The finding runs are derived rows, written and deleted only by store.FindingRuns in the
-- transactions that store or delete snapshots, like their snapshot ids (which V17 left without
-- a foreign key for that reason): an identity is deleted only when no run refers to it, and
-- clusters are never deleted. A foreign key checked each of the 372,163 identities and twice
-- each run, one query per row (about 6 s of the fresh snapshot's store phase), for references
-- that code already keeps.
ALTER TABLE finding_run DROP CONSTRAINT finding_run_identity_id_fkey;
ALTER TABLE finding_run DROP CONSTRAINT finding_run_cluster_id_fkey;
ALTER TABLE finding_identity DROP CONSTRAINT finding_identity_cluster_id_fkey;
