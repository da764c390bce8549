package dev.netpolauditor.engine;

/** STUB: being implemented. */
public final class ConnectivityMatrix {
    /** Receives one allowed ordered pair (never a pod with itself, never two IP endpoints). */
    @FunctionalInterface
    public interface PairVisitor {
        void visit(Endpoint from, Endpoint to, PortSet allowed);
    }
    /** Visits every ordered pair with a non-empty allowed port set, in no particular order. */
    public void forEachPair(PairVisitor visitor) { throw new UnsupportedOperationException(); }
    /** Counts of the matrix without materialising endpoint pairs: allowed group pairs, allowed endpoint pairs. */
    public record Stats(int groups, long groupPairs, long endpointPairs) {}
    /** Walks the grouped matrix once and counts (the benchmark's unit of work). */
    public Stats stats() { throw new UnsupportedOperationException(); }
}
