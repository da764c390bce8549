-- Two parts of a stored analysis made compact: at 150,000 pods they were most of the time and
-- heap of storing a snapshot.
--
-- tenant_cell  The namespace-pair breakdown is no longer stored with the cell. A cluster whose
--              tenants may all reach each other has one cell per tenant pair and, in each, one
--              entry per namespace pair: at 150,000 pods in 10,000 namespaces of 500 tenants,
--              ~250,000 cells carrying ~100 million jsonb entries. The breakdown is exactly the
--              group-level connectivity (group_flow) summed over the endpoint groups of each
--              namespace (endpoint_group), both stored with every analysis, so it is derived from
--              them when one cell is asked for; the cell keeps the number of its namespace pairs.
--              Existing rows keep that number, and their breakdown is derived the same way.
--
-- group_flow   from_groups becomes a bitmap (bytea, bit g = group g, as get_bit reads it) instead
--              of an int4multirange: the sources of a destination alternate between isolated and
--              open groups, and at 150,000 pods the ranges were 22 million (300 MB of text to
--              parse, more to store) where the bitmaps are 69 MB. "May group A reach B" is now
--              to_group = B AND get_bit(from_groups, A) = 1. Existing rows are converted.

ALTER TABLE tenant_cell ADD COLUMN namespace_pair_count bigint NOT NULL DEFAULT 0
    CHECK (namespace_pair_count >= 0);
UPDATE tenant_cell SET namespace_pair_count = jsonb_array_length(namespace_pairs);
ALTER TABLE tenant_cell ALTER COLUMN namespace_pair_count DROP DEFAULT;
ALTER TABLE tenant_cell DROP COLUMN namespace_pairs;
COMMENT ON COLUMN tenant_cell.namespace_pair_count IS 'Number of (source, destination) namespace pairs with an allowed connection in the cell; the pairs themselves are derived from group_flow and endpoint_group.';
-- the endpoint groups of a tenant's namespaces, for deriving a cell's namespace pairs
CREATE INDEX endpoint_group_namespace_idx ON endpoint_group (analysis_id, namespace);

CREATE FUNCTION pg_temp.group_bitmap(ranges int4multirange, groups integer) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    bits bytea := decode(repeat('00', (groups + 7) / 8), 'hex');
    r int4range;
BEGIN
    FOR r IN SELECT unnest(ranges) LOOP
        FOR g IN lower(r) .. upper(r) - 1 LOOP
            bits := set_bit(bits, g, 1);
        END LOOP;
    END LOOP;
    RETURN bits;
END
$$;
ALTER TABLE group_flow ADD COLUMN from_group_bitmap bytea;
UPDATE group_flow f SET from_group_bitmap = pg_temp.group_bitmap(f.from_groups, a.endpoint_groups)
    FROM analysis a WHERE a.id = f.analysis_id;
ALTER TABLE group_flow DROP COLUMN from_groups;
ALTER TABLE group_flow RENAME COLUMN from_group_bitmap TO from_groups;
ALTER TABLE group_flow ALTER COLUMN from_groups SET NOT NULL;
ALTER TABLE group_flow ADD CONSTRAINT group_flow_from_groups_check
    CHECK (ltrim(from_groups, '\x00'::bytea) <> ''::bytea);
COMMENT ON COLUMN group_flow.from_groups IS 'Source group ids as a bitmap: get_bit(from_groups, g) = 1 when group g is a source. One bit per endpoint group of the analysis.';
