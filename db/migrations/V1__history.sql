-- History of cluster snapshots and their analysis, designed for years of snapshots.
--
-- A snapshot is stored whole in one transaction (status 'complete') or, when the attempt
-- fails, as a single row with status 'failed' and the reason. Contents are shared, never
-- repeated:
--   object_version  one row per distinct content of an object (keyed by its SHA-256);
--   object_set      one row per distinct set of object versions (keyed by the snapshot's
--                   content hash), its members listed once in object_set_member;
--   analysis        one row per (object set, engine version, analysis configuration), with
--                   its findings, coverage, tenant matrix and group-level connectivity.
-- A re-snapshot of an unchanged cluster therefore adds one snapshot row and nothing else,
-- and history questions are answered by queries, never by recomputation.

CREATE TABLE cluster (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cluster IS 'A Kubernetes cluster (or manifest source) whose snapshots are kept, by its configured name.';

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

CREATE TABLE object_set (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256       text    NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    object_count integer NOT NULL CHECK (object_count >= 0)
);
COMMENT ON TABLE object_set IS 'One distinct set of object versions: what one or more snapshots saw.';
COMMENT ON COLUMN object_set.sha256 IS 'SHA-256 over the sorted member hashes, one per line (the snapshot content hash).';

CREATE TABLE object_set_member (
    object_set_id     bigint NOT NULL REFERENCES object_set (id) ON DELETE CASCADE,
    object_version_id bigint NOT NULL REFERENCES object_version (id),
    PRIMARY KEY (object_set_id, object_version_id)
);
-- which sets contained a version (first/last seen, garbage collection)
CREATE INDEX object_set_member_version_idx ON object_set_member (object_version_id);

CREATE TABLE analysis (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    object_set_id  bigint      NOT NULL REFERENCES object_set (id),
    engine_version text        NOT NULL,
    config_sha256  text        NOT NULL CHECK (config_sha256 ~ '^[0-9a-f]{64}$'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    endpoints      bigint      NOT NULL CHECK (endpoints >= 0),
    endpoint_groups integer    NOT NULL CHECK (endpoint_groups >= 0),
    score          integer     NOT NULL CHECK (score BETWEEN 0 AND 100),
    open_high      integer     NOT NULL CHECK (open_high >= 0),
    open_medium    integer     NOT NULL CHECK (open_medium >= 0),
    open_low       integer     NOT NULL CHECK (open_low >= 0),
    open_info      integer     NOT NULL CHECK (open_info >= 0),
    excepted       integer     NOT NULL CHECK (excepted >= 0),
    UNIQUE (object_set_id, engine_version, config_sha256)
);
COMMENT ON TABLE analysis IS 'The analysis of one object set by one engine version under one configuration (tenancy, exceptions as of the day), shared by every snapshot it applies to.';
COMMENT ON COLUMN analysis.config_sha256 IS 'SHA-256 of the canonical analysis configuration: tenant label and assignments, exceptions with whether each had expired.';
COMMENT ON COLUMN analysis.score IS 'round(100 * E / (E + 10 H + 4 M + L)) over open findings, as in the README.';

CREATE TABLE snapshot (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster_id             bigint      NOT NULL REFERENCES cluster (id),
    status                 text        NOT NULL CHECK (status IN ('complete', 'failed')),
    trigger                text        NOT NULL CHECK (trigger IN ('schedule', 'manual', 'startup')),
    started_at             timestamptz NOT NULL,
    finished_at            timestamptz NOT NULL,
    source                 text        NOT NULL,
    cluster_uid            text,
    list_resource_versions jsonb       NOT NULL DEFAULT '{}'::jsonb
        CHECK (jsonb_typeof(list_resource_versions) = 'object'),
    namespace_count        integer,
    pod_count              integer,
    workload_count         integer,
    policy_count           integer,
    engine_version         text        NOT NULL,
    content_sha256         text CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    object_set_id          bigint REFERENCES object_set (id),
    analysis_id            bigint REFERENCES analysis (id),
    failure_reason         text,
    CHECK (finished_at >= started_at),
    -- a complete snapshot has its content and analysis; a failed attempt has a reason only
    CHECK (CASE status
        WHEN 'complete' THEN failure_reason IS NULL AND content_sha256 IS NOT NULL
            AND object_set_id IS NOT NULL AND analysis_id IS NOT NULL
            AND namespace_count IS NOT NULL AND pod_count IS NOT NULL
            AND workload_count IS NOT NULL AND policy_count IS NOT NULL
        ELSE failure_reason IS NOT NULL AND content_sha256 IS NULL
            AND object_set_id IS NULL AND analysis_id IS NULL
    END)
);
COMMENT ON TABLE snapshot IS 'One attempt to read a cluster: complete (objects and analysis) or failed (reason only).';
COMMENT ON COLUMN snapshot.source IS 'Where the objects were read: the Kubernetes API server URL or the manifest directory.';
COMMENT ON COLUMN snapshot.cluster_uid IS 'uid of the kube-system namespace: the cluster''s identity, whatever its name in configuration.';
COMMENT ON COLUMN snapshot.list_resource_versions IS 'metadata.resourceVersion of every list read, by list name, e.g. {"pods": "123"}.';
COMMENT ON COLUMN snapshot.content_sha256 IS 'SHA-256 over the sorted object hashes: equal values mean an unchanged cluster.';
COMMENT ON COLUMN snapshot.engine_version IS 'Version of the engine that ran the attempt.';
-- the history of a cluster in order; the latest complete snapshot at a time
CREATE INDEX snapshot_cluster_time_idx ON snapshot (cluster_id, started_at DESC, id DESC);
CREATE INDEX snapshot_complete_cluster_time_idx ON snapshot (cluster_id, started_at DESC, id DESC)
    WHERE status = 'complete';
CREATE INDEX snapshot_analysis_idx ON snapshot (analysis_id);
CREATE INDEX snapshot_object_set_idx ON snapshot (object_set_id);

CREATE TABLE finding (
    analysis_id bigint NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    rule        text   NOT NULL,
    severity    text   NOT NULL CHECK (severity IN ('high', 'medium', 'low', 'info')),
    namespace   text,
    subject     text   NOT NULL,
    policy      text,
    detail      text   NOT NULL,
    status      text   NOT NULL CHECK (status IN ('open', 'excepted', 'exception_expired')),
    -- the identity of a finding (rule, namespace, subject, policy) is unique in an analysis
    CONSTRAINT finding_identity_key UNIQUE NULLS NOT DISTINCT (analysis_id, rule, namespace, subject, policy)
);
COMMENT ON TABLE finding IS 'The findings of an analysis with their exception status; identity = (rule, namespace, subject, policy).';
-- one finding across analyses: when it appeared, when it went away
CREATE INDEX finding_identity_history_idx ON finding (rule, subject, namespace, policy, analysis_id);

CREATE TABLE namespace_tenant (
    analysis_id bigint NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    namespace   text   NOT NULL,
    tenant      text   NOT NULL,
    PRIMARY KEY (analysis_id, namespace)
);
COMMENT ON TABLE namespace_tenant IS 'The tenant of each namespace that has one, as the analysis assigned it.';
CREATE INDEX namespace_tenant_tenant_idx ON namespace_tenant (analysis_id, tenant);

CREATE TABLE coverage (
    analysis_id      bigint NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    scope_kind       text   NOT NULL CHECK (scope_kind IN ('cluster', 'namespace', 'tenant')),
    scope            text   NOT NULL,
    endpoints        bigint NOT NULL CHECK (endpoints >= 0),
    ingress_isolated bigint NOT NULL CHECK (ingress_isolated BETWEEN 0 AND endpoints),
    egress_isolated  bigint NOT NULL CHECK (egress_isolated BETWEEN 0 AND endpoints),
    both_isolated    bigint NOT NULL CHECK (both_isolated BETWEEN 0 AND LEAST(ingress_isolated, egress_isolated)),
    PRIMARY KEY (analysis_id, scope_kind, scope)
);
COMMENT ON TABLE coverage IS 'Isolated endpoints of the cluster, of each namespace and of each tenant.';
CREATE INDEX coverage_scope_history_idx ON coverage (scope_kind, scope, analysis_id);

CREATE TABLE tenant_cell (
    analysis_id          bigint  NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
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
    PRIMARY KEY (analysis_id, from_tenant, to_tenant)
);
COMMENT ON TABLE tenant_cell IS 'The tenant matrix: one row per ordered tenant pair with any allowed connection.';
COMMENT ON COLUMN tenant_cell.ports IS 'Canonical port set text, e.g. TCP:80,443;UDP:53.';
COMMENT ON COLUMN tenant_cell.namespace_pairs IS 'Breakdown by namespace pair: [{"from","to","endpointPairs","ports"}].';
CREATE INDEX tenant_cell_pair_history_idx ON tenant_cell (from_tenant, to_tenant, analysis_id);

CREATE TABLE endpoint_group (
    analysis_id bigint  NOT NULL REFERENCES analysis (id) ON DELETE CASCADE,
    group_id    integer NOT NULL CHECK (group_id >= 0),
    namespace   text    NOT NULL,
    labels      jsonb   NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(labels) = 'object'),
    members     text[]  NOT NULL,
    PRIMARY KEY (analysis_id, group_id)
);
COMMENT ON TABLE endpoint_group IS 'Endpoints every selector sees alike (the engine''s groups), with the labels selectors read.';

CREATE TABLE group_flow (
    analysis_id bigint         NOT NULL,
    to_group    integer        NOT NULL,
    ports       text           NOT NULL,
    from_groups int4multirange NOT NULL CHECK (NOT isempty(from_groups)),
    PRIMARY KEY (analysis_id, to_group, ports),
    FOREIGN KEY (analysis_id, to_group) REFERENCES endpoint_group (analysis_id, group_id) ON DELETE CASCADE
);
COMMENT ON TABLE group_flow IS 'Group-level connectivity, compactly: for each destination group and allowed port set, the source groups (as ranges of group ids) allowed exactly those ports. One row per (destination, port set) instead of one per pair of groups: thousands of rows where pairs would be hundreds of millions.';
COMMENT ON COLUMN group_flow.from_groups IS 'Source group ids; ids of one namespace are consecutive, so namespace-wide rules give few ranges. "can A reach B": to_group = B AND from_groups @> A.';
