-- The namespace-pair breakdown of a tenant-matrix cell is no longer stored with the cell.
--
-- A cluster whose tenants may all reach each other has one cell per tenant pair and, in each,
-- one entry per namespace pair: at 150,000 pods in 10,000 namespaces of 500 tenants that was
-- ~250,000 cells carrying ~100 million entries of jsonb, most of the time and heap of storing
-- a snapshot. The breakdown is exactly the sum of the analysis' group-level connectivity
-- (group_flow) over the endpoint groups of each namespace (endpoint_group), both stored with
-- every analysis, so it is now derived from them when one cell is asked for, and the cell keeps
-- only the number of its namespace pairs. Existing rows keep that number; the breakdown they
-- held is derived the same way from their own group_flow rows, so nothing is lost.

ALTER TABLE tenant_cell ADD COLUMN namespace_pair_count bigint NOT NULL DEFAULT 0
    CHECK (namespace_pair_count >= 0);
UPDATE tenant_cell SET namespace_pair_count = jsonb_array_length(namespace_pairs);
ALTER TABLE tenant_cell ALTER COLUMN namespace_pair_count DROP DEFAULT;
ALTER TABLE tenant_cell DROP COLUMN namespace_pairs;
COMMENT ON COLUMN tenant_cell.namespace_pair_count IS 'Number of (source, destination) namespace pairs with an allowed connection in the cell; the pairs themselves are derived from group_flow and endpoint_group.';
-- the endpoint groups of one namespace, for deriving a cell's namespace pairs
CREATE INDEX endpoint_group_namespace_idx ON endpoint_group (analysis_id, namespace);
