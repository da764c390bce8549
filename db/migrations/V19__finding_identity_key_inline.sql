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
