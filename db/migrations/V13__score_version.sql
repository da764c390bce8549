-- Score version 2 (issue 17): the score has a documented rationale, is computed per namespace and
-- tenant over that scope only, and weighs routine findings (DNS egress, a namespace absent from
-- the inputs) lightly.
--
-- analysis.score_version  the formula analysis.score was computed with. Analyses stored before
--                         this version keep their score and are version 1
--                         (round(100 E / (E + 10 H + 4 M + L))); they are never rescored.
-- finding.routine         whether the score weighed the finding as routine (version 2 only).
-- coverage.score          the scope's own score (version 2); NULL for analyses of version 1.

ALTER TABLE analysis ADD COLUMN score_version integer NOT NULL DEFAULT 1 CHECK (score_version >= 1);
COMMENT ON COLUMN analysis.score_version IS 'The formula analysis.score was computed with: 1 = round(100 E / (E + 10 H + 4 M + L)); 2 = round(100 I N / (N + W)) as in the README. Stored scores are never recomputed.';
COMMENT ON COLUMN analysis.score IS 'The cluster''s score under analysis.score_version, as in the README.';

ALTER TABLE finding ADD COLUMN routine boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN finding.routine IS 'Whether score version 2 weighed the finding as routine (DNS egress, a namespace absent from the inputs).';

ALTER TABLE coverage ADD COLUMN score integer CHECK (score BETWEEN 0 AND 100);
COMMENT ON COLUMN coverage.score IS 'The scope''s own score (score version 2: over the scope''s endpoints and findings); NULL for analyses of score version 1.';
