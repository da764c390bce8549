-- Where each stored object version was read from (issue 21: the unchanged re-snapshot). The API
-- server gives an object a new resourceVersion whenever it writes it, so an object read with the
-- uid and resourceVersion of one already stored has the same content, hence, read into the model
-- the same way, the same canonical JSON and SHA-256: a re-snapshot takes the hash from here
-- instead of writing and hashing the object again.
--
-- object_version_source  (uid, resourceVersion) of the API objects a version was read from, under
--                        one canonical form (StoredObjects.CANONICAL_FORM: when how an object is
--                        read or written changes, the same resourceVersion gives another content,
--                        and the rows of older forms are no longer matched). Content is keyed by
--                        its hash, so one version may have been read at several resourceVersions
--                        (a pod whose status changed in a field the model does not read).
--                        Objects without uid or resourceVersion (manifests) have no row.

CREATE TABLE object_version_source (
    object_version_id bigint   NOT NULL REFERENCES object_version (id) ON DELETE CASCADE,
    uid               text     NOT NULL,
    resource_version  text     NOT NULL,
    canonical_form    smallint NOT NULL CHECK (canonical_form > 0),
    -- leading with the version: a re-snapshot reads the sources of its previous snapshot's
    -- members in one join (object_set_member -> object_version_source), not one lookup per object
    PRIMARY KEY (object_version_id, uid, resource_version, canonical_form)
);
COMMENT ON TABLE object_version_source IS 'The uid and resourceVersion of API objects an object version was read from, under one canonical form: a re-snapshot reuses the hash of an object read again at the same resourceVersion.';
COMMENT ON COLUMN object_version_source.canonical_form IS 'StoredObjects.CANONICAL_FORM when the row was written: how API objects were read into the model and written as canonical JSON.';
