package dev.netpolauditor.model;

import java.util.Arrays;

/**
 * An immutable set of (protocol, port) pairs, kept canonical: per protocol, an ordered list
 * of inclusive ranges that neither overlap nor touch. Two equal sets therefore have one
 * representation, one {@link #toString()} and one hash.
 *
 * <p>The string form is the CLI's: items ordered by protocol (SCTP &lt; TCP &lt; UDP) then by
 * first port, each {@code PROTO:p} or {@code PROTO:lo-hi}, comma-separated; the empty set
 * prints as the empty string.
 */
public final class PortSet {
    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;
    private static final int[] NONE = new int[0];
    private static final Protocol[] PROTOCOLS = Protocol.values();

    public static final PortSet EMPTY = new PortSet(new int[][] {NONE, NONE, NONE});
    public static final PortSet ALL = new PortSet(new int[][] {
        {MIN_PORT, MAX_PORT}, {MIN_PORT, MAX_PORT}, {MIN_PORT, MAX_PORT}});

    /** Per protocol ordinal: flat pairs lo0,hi0,lo1,hi1,... canonical. */
    private final int[][] ranges;
    private final int hash;

    private PortSet(int[][] ranges) {
        this.ranges = ranges;
        this.hash = Arrays.deepHashCode(ranges);
    }

    public static PortSet range(Protocol protocol, int first, int last) {
        if (first < MIN_PORT || last > MAX_PORT || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
        int[][] r = {NONE, NONE, NONE};
        r[protocol.ordinal()] = new int[] {first, last};
        return new PortSet(r);
    }

    public static PortSet port(Protocol protocol, int port) {
        return range(protocol, port, port);
    }

    public static PortSet allOf(Protocol protocol) {
        return range(protocol, MIN_PORT, MAX_PORT);
    }

    public boolean isEmpty() {
        return ranges[0].length == 0 && ranges[1].length == 0 && ranges[2].length == 0;
    }

    public boolean isAll() {
        return equals(ALL);
    }

    public boolean contains(Protocol protocol, int port) {
        int[] r = ranges[protocol.ordinal()];
        for (int i = 0; i < r.length; i += 2) {
            if (port < r[i]) {
                return false;
            }
            if (port <= r[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** True when every pair of {@code other} is in this set. */
    public boolean containsAll(PortSet other) {
        return other.minus(this).isEmpty();
    }

    /** The number of (protocol, port) pairs in the set. */
    public long size() {
        long n = 0;
        for (int[] r : ranges) {
            for (int i = 0; i < r.length; i += 2) {
                n += r[i + 1] - r[i] + 1;
            }
        }
        return n;
    }

    public PortSet union(PortSet other) {
        if (other == this || other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return combine(other, Op.UNION);
    }

    public PortSet intersect(PortSet other) {
        if (other == this) {
            return this;
        }
        if (isEmpty() || other.isEmpty()) {
            return EMPTY;
        }
        return combine(other, Op.INTERSECT);
    }

    public PortSet minus(PortSet other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        return combine(other, Op.MINUS);
    }

    private enum Op { UNION, INTERSECT, MINUS }

    private PortSet combine(PortSet other, Op op) {
        int[][] out = new int[3][];
        for (int p = 0; p < 3; p++) {
            out[p] = combine(ranges[p], other.ranges[p], op);
        }
        PortSet result = new PortSet(out);
        if (result.equals(this)) {
            return this;
        }
        return result.equals(other) ? other : result;
    }

    /**
     * Sweeps the boundaries of both canonical lists in order. Each list contributes
     * "enter" at lo and "leave" after hi; the output is in the set while the operation's
     * predicate over (inA, inB) holds. Adjacent output ranges are joined.
     */
    private static int[] combine(int[] a, int[] b, Op op) {
        int[] out = new int[a.length + b.length + 4];
        int n = 0;
        int i = 0;
        int j = 0;
        boolean inA = false;
        boolean inB = false;
        boolean inOut = false;
        int start = 0;
        // boundaries as half-open points: range lo..hi covers [lo, hi+1)
        while (i < a.length || j < b.length) {
            int nextA = i < a.length ? (i % 2 == 0 ? a[i] : a[i] + 1) : Integer.MAX_VALUE;
            int nextB = j < b.length ? (j % 2 == 0 ? b[j] : b[j] + 1) : Integer.MAX_VALUE;
            int point = Math.min(nextA, nextB);
            if (nextA == point) {
                inA = i % 2 == 0;
                i++;
            }
            if (nextB == point) {
                inB = j % 2 == 0;
                j++;
            }
            boolean now = switch (op) {
                case UNION -> inA || inB;
                case INTERSECT -> inA && inB;
                case MINUS -> inA && !inB;
            };
            if (now && !inOut) {
                start = point;
            } else if (!now && inOut) {
                if (n > 0 && out[n - 1] + 1 == start) {
                    out[n - 1] = point - 1;
                } else {
                    out[n++] = start;
                    out[n++] = point - 1;
                }
            }
            inOut = now;
        }
        return n == 0 ? NONE : Arrays.copyOf(out, n);
    }

    /** Parses the canonical string form (also accepts non-canonical order and overlaps). */
    public static PortSet parse(String text) {
        PortSet result = EMPTY;
        if (text.isBlank()) {
            return result;
        }
        for (String item : text.split(",")) {
            int colon = item.indexOf(':');
            Protocol protocol = colon < 0 ? null : Protocol.byName(item.substring(0, colon).trim());
            if (protocol == null) {
                throw new IllegalArgumentException("bad port set item '" + item + "'");
            }
            String ports = item.substring(colon + 1).trim();
            int dash = ports.indexOf('-');
            try {
                int first = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(ports.substring(dash + 1));
                result = result.union(range(protocol, first, last));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port set item '" + item + "'", e);
            }
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && hash == other.hash && Arrays.deepEquals(ranges, other.ranges);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < 3; p++) {
            int[] r = ranges[p];
            for (int i = 0; i < r.length; i += 2) {
                if (!sb.isEmpty()) {
                    sb.append(',');
                }
                sb.append(PROTOCOLS[p].name()).append(':').append(r[i]);
                if (r[i + 1] != r[i]) {
                    sb.append('-').append(r[i + 1]);
                }
            }
        }
        return sb.toString();
    }
}
