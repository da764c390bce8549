package dev.netpolauditor.service;

import dev.netpolauditor.analysis.Justification;
import dev.netpolauditor.analysis.Justifications;
import dev.netpolauditor.analysis.OpeningRule;
import dev.netpolauditor.snapshot.JustificationsFile;
import dev.netpolauditor.snapshot.StoredObjects;
import dev.netpolauditor.store.ComplianceStore;
import dev.netpolauditor.store.ComplianceStore.Decision;
import dev.netpolauditor.store.ComplianceStore.StoredJustification;
import dev.netpolauditor.store.SnapshotStore;
import dev.netpolauditor.store.StoredSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Justifications of opening rules managed in the service (findings.md, "Justifications
 * (opt-in)"). An auditor proposes the
 * justification of one rule of one cluster, for the rule's content hash (given, or taken from the
 * cluster's latest complete snapshot); a second identity approves (or rejects) it; auditors revoke
 * it. With justification tracking on for the cluster (an admin's setting), every analysis from
 * the next snapshot requires them: NP-JUST-001 for each opening rule without an approved
 * justification of its current content, so a justification lapses by itself when its rule changes.
 */
public final class ManagedJustifications {
    /** The states a justification passes through, as the API names them. */
    public static final List<String> STATES = List.of(ComplianceStore.PROPOSED, ComplianceStore.APPROVED,
            ComplianceStore.REJECTED, ComplianceStore.REVOKED);

    /** A justification as managed: of which rule's content, its state and who did what when. */
    public record ManagedJustification(long id, String cluster, String policy, String rule, String sha256,
            String text, String owner, String state, String proposedBy, Instant proposedAt, String decidedBy,
            Instant decidedAt, String decisionNote, String revokedBy, Instant revokedAt) {}

    private final ComplianceStore store;
    private final Clusters clusters;
    private final SnapshotStore snapshots;
    private final Clock clock;

    public ManagedJustifications(ComplianceStore store, Clusters clusters, SnapshotStore snapshots, Clock clock) {
        this.store = store;
        this.clusters = clusters;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** A justification as asked for, unchecked; {@code sha256} null: the rule's content in the latest snapshot. */
    public record Proposal(String cluster, String policy, String rule, String sha256, String text, String owner) {}

    public ManagedJustification propose(Proposal p, String actor) {
        String cluster = configured(Refusal.required("cluster", p.cluster(), 63).strip());
        String policy = Refusal.required("policy", p.policy(), 400).strip();
        problem(JustificationsFile.policyProblem(policy));
        String rule = Refusal.required("rule", p.rule(), 20).strip();
        problem(JustificationsFile.ruleProblem(rule));
        String text = Refusal.required("text", p.text(), 4000).strip();
        String owner = Refusal.required("owner", p.owner(), 254).strip();
        String sha256;
        if (p.sha256() == null || p.sha256().isBlank()) {
            sha256 = currentHash(cluster, policy, rule);
        } else {
            sha256 = p.sha256().strip();
            problem(JustificationsFile.sha256Problem(sha256));
            sha256 = sha256.toLowerCase(Locale.ROOT);
        }
        return managed(store.proposeJustification(new ComplianceStore.NewJustification(cluster, policy, rule, sha256,
                text, owner), actor, clock.instant()));
    }

    public ManagedJustification approve(long id, String actor, String note) {
        return done(id, "approve", store.decideJustification(id, ComplianceStore.APPROVED, actor, Refusal.note(note),
                clock.instant()));
    }

    public ManagedJustification reject(long id, String actor, String note) {
        return done(id, "reject", store.decideJustification(id, ComplianceStore.REJECTED, actor, Refusal.note(note),
                clock.instant()));
    }

    public ManagedJustification revoke(long id, String actor, String note) {
        return done(id, "revoke", store.revokeJustification(id, actor, Refusal.note(note), clock.instant()));
    }

    public ManagedJustification get(long id) {
        return store.justification(id).map(ManagedJustifications::managed).orElseThrow(() -> new Refusal(Refusal.Kind.NOT_FOUND, "no justification " + id
                + "; GET /api/v1/justifications lists them"));
    }

    public List<ManagedJustification> list(String cluster, String state) {
        return store.justifications(cluster, state).stream().map(ManagedJustifications::managed).toList();
    }

    /**
     * What a cluster's analysis requires: {@link Justifications#OFF} unless justification tracking
     * is on for it, else its approved justifications, by id.
     */
    public Justifications inForce(String cluster) {
        if (!store.tracking(cluster).justifications()) {
            return Justifications.OFF;
        }
        return Justifications.required(store.justifications(cluster, ComplianceStore.APPROVED).stream()
                .map(j -> new Justification(j.policy(), j.rule(), j.sha256(), j.text(), j.owner(), j.decidedBy(),
                        LocalDate.ofInstant(j.decidedAt(), ZoneOffset.UTC), j.id()))
                .toList());
    }

    /** The content hash of {@code policy rule} in the cluster's latest complete snapshot, if it is an opening rule. */
    private String currentHash(String cluster, String policy, String rule) {
        Optional<StoredSnapshot> latest = snapshots.latestSnapshot(cluster, clock.instant());
        if (latest.isEmpty()) {
            throw Refusal.invalid("cluster '" + cluster + "' has no complete snapshot to take the rule's content"
                    + " from: give its sha256, or take a snapshot first");
        }
        String location = policy + " " + rule;
        return OpeningRule.of(StoredObjects.read(snapshots.policiesOf(latest.get().id()))).stream()
                .filter(r -> r.location().equals(location)).map(OpeningRule::sha256).findFirst()
                .orElseThrow(() -> Refusal.invalid(location + " is not an opening rule in snapshot "
                        + latest.get().id() + " of cluster '" + cluster + "' (no such rule, or it stays inside its"
                        + " namespace or opens nothing): it needs no justification"));
    }

    private String configured(String cluster) {
        return ComplianceTracking.configured(clusters, cluster);
    }

    private static void problem(String problem) {
        if (problem != null) {
            throw Refusal.invalid(problem);
        }
    }

    private static ManagedJustification done(long id, String verb, Decision<StoredJustification> decision) {
        return managed(Refusal.unlessRefused("justification " + id, verb, decision, StoredJustification::proposedBy,
                "/api/v1/justifications"));
    }

    private static ManagedJustification managed(StoredJustification j) {
        return new ManagedJustification(j.id(), j.cluster(), j.policy(), j.rule(), j.sha256(), j.text(), j.owner(),
                j.state(), j.proposedBy(), j.proposedAt(), j.decidedBy(), j.decidedAt(), j.decisionNote(),
                j.revokedBy(), j.revokedAt());
    }
}
