package dev.netpolauditor.analysis;

import java.time.Instant;

/**
 * How an exception managed in the service came to apply: its record id, the cluster it was
 * granted for (null: every cluster), the ticket it refers to (or null), who proposed it and who,
 * a different identity, approved it and when. A report of a snapshot shows the approval as it
 * was when the snapshot's analysis was computed.
 */
public record Approval(long id, String cluster, String ticket, String proposedBy, String approvedBy,
        Instant approvedAt) {}
