package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.model.PortSet;
import java.util.Comparator;
import java.util.List;

/**
 * An ordered pair of endpoints whose allowed port set differs between the sides; {@code before}
 * and {@code after} are null where nothing is allowed or an endpoint is absent. {@code causes}
 * are the object changes that produced it ({@link ChangeAttribution}), empty until attributed.
 */
public record ConnectivityChange(Change change, String from, String to, PortSet before, PortSet after,
        List<Cause> causes) {

    /** The contract's order: from, then to (plain string order). */
    public static final Comparator<ConnectivityChange> ORDER = Comparator.comparing(ConnectivityChange::from)
            .thenComparing(ConnectivityChange::to);

    public ConnectivityChange {
        Change expected = before == null ? Change.ADDED : after == null ? Change.REMOVED : Change.CHANGED;
        if (before == null && after == null || change != expected) {
            throw new IllegalArgumentException(change + " does not fit before=" + before + ", after=" + after);
        }
        causes = List.copyOf(causes);
    }

    /** A change not attributed yet. */
    public static ConnectivityChange of(String from, String to, PortSet before, PortSet after) {
        Change change = before == null ? Change.ADDED : after == null ? Change.REMOVED : Change.CHANGED;
        return new ConnectivityChange(change, from, to, before, after, List.of());
    }

    /** This change with its causes. */
    public ConnectivityChange withCauses(List<Cause> causes) {
        return new ConnectivityChange(change, from, to, before, after, causes);
    }

    public enum Change {
        ADDED, REMOVED, CHANGED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
