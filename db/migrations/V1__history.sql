-- History of cluster snapshots and their analysis.
--
-- A snapshot is stored whole in one transaction (status 'complete') or, when the attempt
-- fails, as a single row with status 'failed' and the reason. Object contents are stored
-- once per distinct content (object_version, keyed by the SHA-256 of its canonical JSON);
-- a snapshot only links to them (snapshot_object), so an unchanged cluster adds one link
-- row per object and no content. The analysis of each snapshot (findings, coverage, tenant
-- matrix, group-level connectivity) is stored with it so that history questions are
-- answered by queries, never by recomputation.

CREATE TABLE cluster (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cluster IS 'A Kubernetes cluster whose snapshots are kept, by its configured name.';

CREATE TABLE snapshot (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster_id             bigint      NOT NULL REFERENCES cluster (id),
    status                 text        NOT NULL CHECK (status IN ('complete', 'failed')),
    started_at             timestamptz NOT NULL,
    finished_at            timestamptz NOT NULL,
    list_resource_versions jsonb       NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(list_resource_versions) = 'object'),
    namespace_count        integer,
    pod_count              integer,
    workload_count         integer,
    policy_count           integer,
    engine_version         text,
    content_sha256         text CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    failure_reason         text,
    CHECK (finished_at >= started_at),
    -- a complete snapshot has its content; a failed attempt has a reason and nothing else
    CHECK (CASE status
        WHEN 'complete' THEN failure_reason IS NULL AND content_sha256 IS NOT NULL
            AND namespace_count IS NOT NULL AND pod_count IS NOT NULL
            AND workload_count IS NOT NULL AND policy_count IS NOT NULL
        ELSE failure_reason IS NOT NULL AND content_sha256 IS NULL
    END)
);
COMMENT ON TABLE snapshot IS 'One attempt to read a cluster: complete (with everything below) or failed (reason only).';
COMMENT ON COLUMN snapshot.list_resource_versions IS 'metadata.resourceVersion of every list read, by list name, e.g. {"pods": "123"}.';
COMMENT ON COLUMN snapshot.content_sha256 IS 'SHA-256 over the sorted object hashes: equal values mean an unchanged cluster.';
COMMENT ON COLUMN snapshot.engine_version IS 'Version of the engine that computed the stored analysis.';
-- latest snapshot of a cluster at a time; the history of a cluster in order
CREATE INDEX snapshot_cluster_time_idx ON snapshot (cluster_id, started_at DESC);
CREATE INDEX snapshot_complete_cluster_time_idx ON snapshot (cluster_id, started_at DESC)
    WHERE status = 'complete';

CREATE TABLE object_version (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind      text  NOT NULL,
    namespace text,
    name      text  NOT NULL,
    uid       text,
    sha256    text  NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content   jsonb NOT NULL
);
COMMENT ON TABLE object_version IS 'One distinct content of one object (Namespace, Pod, workload, NetworkPolicy), stored once.';
COMMENT ON COLUMN object_version.namespace IS 'Null for cluster-scoped kinds (Namespace).';
COMMENT ON COLUMN object_version.sha256 IS 'SHA-256 of the canonical JSON (sorted keys, no whitespace) of content, which includes kind, namespace, name and uid.';
-- the versions of one object over time
CREATE INDEX object_version_identity_idx ON object_version (kind, namespace, name);

CREATE TABLE snapshot_object (
    snapshot_id       bigint NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    object_version_id bigint NOT NULL REFERENCES object_version (id),
    PRIMARY KEY (snapshot_id, object_version_id)
);
COMMENT ON TABLE snapshot_object IS 'Which object versions a complete snapshot saw.';
-- which snapshots contained a version (first/last seen)
CREATE INDEX snapshot_object_version_idx ON snapshot_object (object_version_id, snapshot_id);

CREATE TABLE finding (
    snapshot_id bigint NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    rule        text   NOT NULL,
    severity    text   NOT NULL CHECK (severity IN ('high', 'medium', 'low', 'info')),
    namespace   text,
    subject     text   NOT NULL,
    policy      text,
    detail      text   NOT NULL,
    status      text   NOT NULL CHECK (status IN ('open', 'excepted', 'exception_expired')),
    -- the identity of a finding (rule, namespace, subject, policy) is unique in a snapshot
    CONSTRAINT finding_identity_key UNIQUE NULLS NOT DISTINCT (snapshot_id, rule, namespace, subject, policy)
);
COMMENT ON TABLE finding IS 'The findings of a snapshot with their exception status; identity = (rule, namespace, subject, policy).';
-- one finding across snapshots: when it appeared, when it went away
CREATE INDEX finding_identity_history_idx ON finding (rule, subject, namespace, policy, snapshot_id);

CREATE TABLE coverage (
    snapshot_id      bigint NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    scope_kind       text   NOT NULL CHECK (scope_kind IN ('cluster', 'namespace', 'tenant')),
    scope            text   NOT NULL,
    endpoints        bigint NOT NULL CHECK (endpoints >= 0),
    ingress_isolated bigint NOT NULL CHECK (ingress_isolated BETWEEN 0 AND endpoints),
    egress_isolated  bigint NOT NULL CHECK (egress_isolated BETWEEN 0 AND endpoints),
    both_isolated    bigint NOT NULL CHECK (both_isolated BETWEEN 0 AND LEAST(ingress_isolated, egress_isolated)),
    PRIMARY KEY (snapshot_id, scope_kind, scope)
);
COMMENT ON TABLE coverage IS 'Isolated endpoints of the cluster, of each namespace and of each tenant.';
CREATE INDEX coverage_scope_history_idx ON coverage (scope_kind, scope, snapshot_id);

CREATE TABLE tenant_cell (
    snapshot_id          bigint  NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    from_tenant          text    NOT NULL,
    to_tenant            text    NOT NULL,
    endpoint_pairs       bigint  NOT NULL CHECK (endpoint_pairs > 0),
    ports                text    NOT NULL,
    example_from         text    NOT NULL,
    example_to           text    NOT NULL,
    example_ports        text    NOT NULL,
    egress_policies      text[]  NOT NULL DEFAULT '{}',
    ingress_policies     text[]  NOT NULL DEFAULT '{}',
    egress_unrestricted  boolean NOT NULL DEFAULT false,
    ingress_unrestricted boolean NOT NULL DEFAULT false,
    namespace_pairs      jsonb   NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(namespace_pairs) = 'array'),
    PRIMARY KEY (snapshot_id, from_tenant, to_tenant)
);
COMMENT ON TABLE tenant_cell IS 'The tenant matrix: one row per ordered tenant pair with any allowed connection.';
COMMENT ON COLUMN tenant_cell.ports IS 'Canonical port set text, e.g. TCP:80,443;UDP:53.';
COMMENT ON COLUMN tenant_cell.namespace_pairs IS 'Breakdown by namespace pair: [{"from","to","endpointPairs","ports"}].';
CREATE INDEX tenant_cell_pair_history_idx ON tenant_cell (from_tenant, to_tenant, snapshot_id);

CREATE TABLE endpoint_group (
    snapshot_id bigint  NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    group_id    integer NOT NULL CHECK (group_id >= 0),
    namespace   text    NOT NULL,
    labels      jsonb   NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(labels) = 'object'),
    members     text[]  NOT NULL,
    PRIMARY KEY (snapshot_id, group_id)
);
COMMENT ON TABLE endpoint_group IS 'Endpoints every selector sees alike (the engine''s groups), with the labels selectors read.';

CREATE TABLE group_flow (
    snapshot_id bigint  NOT NULL,
    from_group  integer NOT NULL,
    to_group    integer NOT NULL,
    ports       text    NOT NULL,
    PRIMARY KEY (snapshot_id, from_group, to_group),
    FOREIGN KEY (snapshot_id, from_group) REFERENCES endpoint_group (snapshot_id, group_id) ON DELETE CASCADE,
    FOREIGN KEY (snapshot_id, to_group) REFERENCES endpoint_group (snapshot_id, group_id) ON DELETE CASCADE
);
COMMENT ON TABLE group_flow IS 'Group-level connectivity: the ports allowed from one endpoint group to another.';
CREATE INDEX group_flow_to_idx ON group_flow (snapshot_id, to_group);
