-- Live clusters as they are: one endpoint per workload (semantics.md, Objects -> Workloads).
--
-- analysis  is shared by its *input*, not by its object set. A re-snapshot after every pod of a
--           Deployment was rescheduled (new names, new addresses, same labels) sees a new object
--           set, but the analysis reads a workload's members only by their facts under the
--           workload's name; input_sha256 hashes exactly what the analysis reads (objects
--           without uids; member pods reduced to their facts, as a set), so such a snapshot
--           shares the stored analysis: same findings, same flows, no lifecycle churn.
--           object_set_id stays: the object set the analysis was first computed from.
--           Analyses stored before keep their object set's hash as input hash; they are never
--           matched by a new input hash, so the first snapshot after the upgrade analyses anew.
--
-- snapshot  records the collections the cluster did not serve (API discovery), so that an
--           absent optional resource (ReplicationControllers, a CRD) is visible, not silent.

ALTER TABLE analysis ADD COLUMN input_sha256 text CHECK (input_sha256 ~ '^[0-9a-f]{64}$');
UPDATE analysis a SET input_sha256 = o.sha256 FROM object_set o WHERE o.id = a.object_set_id;
ALTER TABLE analysis ALTER COLUMN input_sha256 SET NOT NULL;
ALTER TABLE analysis DROP CONSTRAINT analysis_object_set_id_engine_version_config_sha256_key;
ALTER TABLE analysis ADD CONSTRAINT analysis_input_key UNIQUE (input_sha256, engine_version, config_sha256);
-- retention keeps the object sets analyses refer to
CREATE INDEX analysis_object_set_idx ON analysis (object_set_id);
COMMENT ON COLUMN analysis.input_sha256 IS 'SHA-256 of what the analysis reads: the objects without uids, pods of a workload endpoint reduced to their facts (labels, ports, hostNetwork, terminated) under its name, as a set. Equal inputs, engine and configuration share one analysis.';

ALTER TABLE snapshot ADD COLUMN absent_resources text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN snapshot.absent_resources IS 'Collections the cluster did not serve at this snapshot (API discovery), e.g. {replicationcontrollers}: skipped, not failed.';
