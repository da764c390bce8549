-- Report subscriptions: who receives which cluster's report, when.
--
-- subscription  Recipients, the cluster, the scope (all, or a list of namespaces or tenants),
--               the report kind and format, and a cron schedule read in an IANA time zone.
--               Deleting one through the API sets deleted_at: the row stays, so the reports
--               and deliveries made for it keep naming what asked for them.

CREATE TABLE subscription (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster      text        NOT NULL,
    recipients   text[]      NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 50),
    scope        text        NOT NULL CHECK (scope IN ('all', 'namespaces', 'tenants')),
    scope_values text[]      NOT NULL DEFAULT '{}',
    kind         text        NOT NULL DEFAULT 'compliance' CHECK (kind IN ('compliance')),
    format       text        NOT NULL DEFAULT 'xlsx' CHECK (format IN ('xlsx', 'csv', 'json')),
    schedule     text        NOT NULL,
    time_zone    text        NOT NULL,
    enabled      boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz,
    CHECK ((scope = 'all') = (cardinality(scope_values) = 0))
);
COMMENT ON TABLE subscription IS 'Scheduled report deliveries by mail; deleted ones keep their row (deleted_at).';
COMMENT ON COLUMN subscription.schedule IS 'Cron expression as given (5 fields, or 6 with seconds first), read in time_zone.';
COMMENT ON COLUMN subscription.time_zone IS 'IANA time zone id, e.g. Europe/Berlin.';
COMMENT ON COLUMN subscription.scope_values IS 'The namespaces or tenants of the scope; empty for all.';
