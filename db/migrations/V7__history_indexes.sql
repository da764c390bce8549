-- Indexes for the history queries (trend of a namespace or tenant, finding lifecycle), which
-- read the findings of each distinct analysis of a range once.
--
-- The findings of one namespace of one analysis, with what a trend counts (severity, status),
-- from the index alone: a namespace trend is one probe per distinct analysis, a tenant trend
-- one per (analysis, namespace of the tenant) pair from namespace_tenant, and a lifecycle
-- filtered by namespace reads only that namespace's findings. finding_identity_key leads with
-- (analysis_id, rule), so it cannot serve a namespace.
CREATE INDEX finding_analysis_namespace_idx ON finding (analysis_id, namespace) INCLUDE (severity, status);

-- How many distinct finding identities there are, for the planner. Without it the estimate for
-- GROUP BY (rule, namespace, subject, policy) multiplies the columns' distinct counts, far too
-- many groups: the lifecycle's one pass over a year of findings was planned as a sort of every
-- row spilling to disk with a group aggregate (4.4 s at 2,000 pods) instead of a hash aggregate
-- of the few thousand identities (1.4 s). Filled by ANALYZE (autovacuum).
CREATE STATISTICS finding_identity_stats (ndistinct) ON rule, namespace, subject, policy FROM finding;
