package dev.netpolauditor.console;

import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotCatalog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Which snapshot answers a page: the one named ({@code ?snapshot=ID}), the latest complete one
 * at a date or instant ({@code ?at=2026-03-31}: the end of that day, UTC), or the latest
 * complete one. Every page says which it is.
 */
record Moment(Snapshot snapshot, String at, boolean named) {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    static Moment choose(SnapshotCatalog catalog, String cluster, String snapshotParam, String atParam) {
        if (snapshotParam != null && !snapshotParam.isBlank()) {
            long id;
            try {
                id = Long.parseLong(snapshotParam.strip());
            } catch (NumberFormatException e) {
                throw ConsoleProblem.badRequest("snapshot=" + snapshotParam + ": name a snapshot by its number.");
            }
            Snapshot s = catalog.snapshot(cluster, id).orElseThrow(() -> ConsoleProblem.notFound(
                    "Cluster " + cluster + " has no snapshot " + id + "."));
            if (!s.complete()) {
                throw ConsoleProblem.conflict("Snapshot " + id + " is a failed attempt (" + s.failureReason()
                        + "): it holds no objects, findings or analysis.");
            }
            return new Moment(s, null, true);
        }
        Instant at = instant(atParam);
        Snapshot s = catalog.latestComplete(cluster, at).orElseThrow(() -> ConsoleProblem.notFound(
                "Cluster " + cluster + " has no complete snapshot" + (at == null ? " yet." : " taken by "
                        + TIME.format(at) + ".")));
        return new Moment(s, at == null ? null : atParam.strip(), false);
    }

    /** A date (the end of that day, UTC) or an ISO-8601 instant; null when blank. */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            Instant at = v.length() == 10
                    ? LocalDate.parse(v).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000)
                    : Instant.parse(v);
            int year = at.atOffset(ZoneOffset.UTC).getYear();
            if (year < 1 || year > 9999) {
                throw ConsoleProblem.badRequest("'" + value + "' is outside the years 1 to 9999.");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw ConsoleProblem.badRequest("'" + value + "' is not a date (2026-03-31) or an instant"
                    + " (2026-03-31T12:00:00Z).");
        }
    }

    /** The query that names this moment again: {@code snapshot=ID} or {@code at=...}, or nothing. */
    String query() {
        if (named) {
            return "snapshot=" + snapshot.id();
        }
        return at == null ? "" : "at=" + Html.query(at);
    }

    /** {@code ?query} or empty. */
    String suffix() {
        String q = query();
        return q.isEmpty() ? "" : "?" + q;
    }

    /** {@code &query} or empty, to add to a query string. */
    String and() {
        String q = query();
        return q.isEmpty() ? "" : "&" + q;
    }

    /** The sentence that says which snapshot answers the page. */
    Html banner() {
        String taken = TIME.format(snapshot.startedAt());
        if (named) {
            return Html.of("<p class=\"note\" id=\"asof\">Snapshot {}, taken {}.</p>", snapshot.id(), taken);
        }
        if (at != null) {
            return Html.of("<p class=\"note\" id=\"asof\">As of {}: answered by snapshot {}, taken {} (the latest"
                    + " complete one by then).</p>", at, snapshot.id(), taken);
        }
        return Html.of("<p class=\"note\" id=\"asof\">Latest complete snapshot: {}, taken {}.</p>", snapshot.id(),
                taken);
    }
}
