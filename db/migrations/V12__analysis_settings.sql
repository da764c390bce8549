-- One analysis, frozen: the settings an analysis was computed under are stored with it.
--
-- analysis_settings  one row per distinct settings document (content-addressed, like objects): the
--                    tenancy (tenant label, namespaces the tenants file assigns or shares, the tenant
--                    pairs it allows) and the exceptions in force, each with its owner, justification,
--                    expiry and whether it had expired on the analysis day.
-- analysis.settings_id  links each analysis to its settings. A report, a finding list, the tenant
--                    matrix or a diff of a stored snapshot reads them from here, never from the files
--                    as they are configured later. Analyses stored before this version have none
--                    (NULL): their settings are unknown, and their reports say so; they are never
--                    recomputed.
-- analysis.config_sha256 is, from this version, the SHA-256 of the settings document itself.

CREATE TABLE analysis_settings (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256  text  NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object')
);
COMMENT ON TABLE analysis_settings IS 'One distinct analysis settings document (tenancy, exceptions in force with owner, justification, expiry and expired flag), stored once and linked from every analysis computed under it.';

ALTER TABLE analysis ADD COLUMN settings_id bigint REFERENCES analysis_settings (id);
COMMENT ON COLUMN analysis.settings_id IS 'The settings the analysis was computed under; NULL for analyses stored before settings were kept (unknown settings).';
CREATE INDEX analysis_settings_idx ON analysis (settings_id);

-- Re-analysis of stored content with a newer engine (or the settings configured now) is an
-- explicit action, recorded as a new analysis beside the snapshot's own, never replacing it.
CREATE TABLE reanalysis (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    snapshot_id  bigint      NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    analysis_id  bigint      NOT NULL REFERENCES analysis (id),
    requested_at timestamptz NOT NULL,
    actor        text        NOT NULL,
    UNIQUE (snapshot_id, analysis_id)
);
COMMENT ON TABLE reanalysis IS 'An analysis of a stored snapshot computed later on request (another engine version or settings), kept beside the snapshot''s own analysis.';
CREATE INDEX reanalysis_analysis_idx ON reanalysis (analysis_id);

-- Which exception of the analysis' settings applied to a finding (its position in the settings'
-- exceptions; NULL: none matched, or the settings are unknown): a report of a stored snapshot
-- shows the owner, expiry and justification the analysis applied, read, not matched again.
ALTER TABLE finding ADD COLUMN exception_index integer CHECK (exception_index >= 0);
COMMENT ON COLUMN finding.exception_index IS 'Position, in analysis_settings.content->exceptions, of the exception that made the finding excepted or exception_expired; NULL when none matched or the settings are unknown.';
