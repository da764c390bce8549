-- The compliance workflow (issue 18): exceptions and justifications managed in the service, each
-- approved by a second person; reminders through the mail outbox.
--
-- managed_exception  An accepted risk proposed through the API (besides the exceptions file, which
--                    stays): rule, subject pattern, one cluster or all (cluster NULL), justification,
--                    owner (a mail address: reminded before expiry), expiry date, ticket. It applies
--                    only once approved by an identity other than its proposer, until it expires or
--                    is revoked. state is the current state; every change is also an audit_log
--                    entry (exception.proposed, .approved, .rejected, .revoked, .expired), so the
--                    trail is append-only even though this row is updated.
-- delivery.reminder  The outbox also carries reminder mails (no report attached): reminder names
--                    what it reminds of (exception:<id>:expiry), and is unique per recipient, so a
--                    reminder is mailed once however many replicas record it.

CREATE TABLE managed_exception (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster         text,
    rule            text        NOT NULL,
    subject_pattern text        NOT NULL CHECK (length(subject_pattern) BETWEEN 1 AND 1000),
    justification   text        NOT NULL CHECK (length(justification) BETWEEN 1 AND 4000),
    owner           text        NOT NULL CHECK (length(owner) BETWEEN 3 AND 254),
    expires         date        NOT NULL,
    ticket          text        CHECK (length(ticket) BETWEEN 1 AND 200),
    state           text        NOT NULL DEFAULT 'proposed'
                                CHECK (state IN ('proposed', 'approved', 'rejected', 'revoked', 'expired')),
    proposed_by     text        NOT NULL,
    proposed_at     timestamptz NOT NULL,
    decided_by      text,
    decided_at      timestamptz,
    decision_note   text,
    revoked_by      text,
    revoked_at      timestamptz,
    reminded_at     timestamptz,
    -- four eyes, in the database too: nobody decides on their own proposal
    CONSTRAINT managed_exception_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
    CONSTRAINT managed_exception_decided CHECK ((state = 'proposed') = (decided_by IS NULL)
        OR (state = 'revoked' AND decided_by IS NULL)),
    CONSTRAINT managed_exception_revoked CHECK ((state = 'revoked') = (revoked_by IS NOT NULL))
);
COMMENT ON TABLE managed_exception IS 'Exceptions managed through the API; they apply once approved by a second identity. Every change is in audit_log.';
COMMENT ON COLUMN managed_exception.cluster IS 'The cluster it applies to; NULL: every cluster.';
COMMENT ON COLUMN managed_exception.owner IS 'The mail address of who owns the accepted risk: reminded before expiry.';
COMMENT ON COLUMN managed_exception.state IS 'proposed -> approved | rejected; approved -> revoked | expired; proposed -> revoked (withdrawn).';
COMMENT ON COLUMN managed_exception.decided_by IS 'Who approved or rejected it; never its proposer.';
CREATE INDEX managed_exception_cluster_idx ON managed_exception (cluster, state);

ALTER TABLE delivery ALTER COLUMN subscription_id DROP NOT NULL;
ALTER TABLE delivery ADD COLUMN reminder text;
COMMENT ON COLUMN delivery.reminder IS 'What a reminder mail reminds of (exception:<id>:expiry); NULL for a subscribed report.';
ALTER TABLE delivery ADD CONSTRAINT delivery_report_or_reminder
    CHECK ((subscription_id IS NULL) <> (reminder IS NULL));
-- V8's CHECK (status <> 'sent' OR report_id IS NOT NULL), named by PostgreSQL: a reminder has no report
ALTER TABLE delivery DROP CONSTRAINT delivery_check1;
ALTER TABLE delivery ADD CONSTRAINT delivery_sent_with_report
    CHECK (status <> 'sent' OR report_id IS NOT NULL OR reminder IS NOT NULL);
ALTER TABLE delivery ADD CONSTRAINT delivery_reminder_once UNIQUE (reminder, recipient);

-- compliance_setting     What the compliance workflow tracks per cluster, set by an admin:
--                        justifications (every opening rule needs an approved justification,
--                        NP-JUST-001), reviews (the review control PCI DSS v4 1.2.7) and who is
--                        reminded when a review is due. A cluster without a row tracks neither.
-- managed_justification  The documented business need of one opening rule (findings.md,
--                        "Justifications (opt-in)") for a cluster: the policy, the rule, the SHA-256
--                        of the rule's content it justifies, the text and owner. Like an exception it
--                        applies once a second identity approved it, until revoked; it lapses by
--                        itself when the rule's content changes (the hash no longer matches).

CREATE TABLE compliance_setting (
    cluster           text        PRIMARY KEY,
    justifications    boolean     NOT NULL DEFAULT false,
    reviews           boolean     NOT NULL DEFAULT false,
    review_recipients text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(review_recipients) <= 50),
    updated_at        timestamptz NOT NULL,
    updated_by        text        NOT NULL
);
COMMENT ON TABLE compliance_setting IS 'Per cluster: whether justifications (NP-JUST-001) and periodic reviews (PCI DSS v4 1.2.7) are tracked, and who is reminded of a due review.';

CREATE TABLE managed_justification (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cluster       text        NOT NULL,
    policy        text        NOT NULL CHECK (length(policy) BETWEEN 3 AND 400),
    rule          text        NOT NULL CHECK (rule ~ '^(ingress|egress)\[(0|[1-9][0-9]{0,5})\]$'),
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    text          text        NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    owner         text        NOT NULL CHECK (length(owner) BETWEEN 1 AND 254),
    state         text        NOT NULL DEFAULT 'proposed'
                              CHECK (state IN ('proposed', 'approved', 'rejected', 'revoked')),
    proposed_by   text        NOT NULL,
    proposed_at   timestamptz NOT NULL,
    decided_by    text,
    decided_at    timestamptz,
    decision_note text,
    revoked_by    text,
    revoked_at    timestamptz,
    CONSTRAINT managed_justification_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
    CONSTRAINT managed_justification_decided CHECK ((state = 'proposed') = (decided_by IS NULL)
        OR (state = 'revoked' AND decided_by IS NULL)),
    CONSTRAINT managed_justification_revoked CHECK ((state = 'revoked') = (revoked_by IS NOT NULL))
);
COMMENT ON TABLE managed_justification IS 'Justifications of opening rules managed through the API; they apply once approved by a second identity, while the rule keeps the content hash. Every change is in audit_log.';
CREATE INDEX managed_justification_cluster_idx ON managed_justification (cluster, state);
