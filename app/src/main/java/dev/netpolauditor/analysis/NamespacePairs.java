package dev.netpolauditor.analysis;

import dev.netpolauditor.model.PortSet;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The namespace-pair breakdown of one tenant-matrix cell, kept in parallel primitive arrays:
 * an open cluster has millions of namespace pairs, and a record per pair would cost more
 * than the analysis. Reads as an immutable list; elements are made on access.
 */
public final class NamespacePairs extends AbstractList<TenantMatrix.NamespacePair> implements RandomAccess {
    private final List<String> namespaces;
    private final int[] from;
    private final int[] to;
    private final long[] pairs;
    private final PortSet[] ports;

    private NamespacePairs(List<String> namespaces, int[] from, int[] to, long[] pairs, PortSet[] ports) {
        this.namespaces = namespaces;
        this.from = from;
        this.to = to;
        this.pairs = pairs;
        this.ports = ports;
    }

    @Override
    public TenantMatrix.NamespacePair get(int index) {
        return new TenantMatrix.NamespacePair(namespaces.get(from[index]), namespaces.get(to[index]), pairs[index],
                ports[index]);
    }

    @Override
    public int size() {
        return from.length;
    }

    /** Appends pairs, then {@link #build()}s the immutable list. */
    static final class Builder {
        private final List<String> namespaces;
        private int size;
        private int[] from = new int[0];
        private int[] to = new int[0];
        private long[] pairs = new long[0];
        private PortSet[] ports = new PortSet[0];

        Builder(List<String> namespaces) {
            this.namespaces = namespaces;
        }

        void add(int fromNamespace, int toNamespace, long endpointPairs, PortSet allowed) {
            if (size == from.length) {
                int capacity = Math.max(4, size * 2);
                from = Arrays.copyOf(from, capacity);
                to = Arrays.copyOf(to, capacity);
                pairs = Arrays.copyOf(pairs, capacity);
                ports = Arrays.copyOf(ports, capacity);
            }
            from[size] = fromNamespace;
            to[size] = toNamespace;
            pairs[size] = endpointPairs;
            ports[size] = allowed;
            size++;
        }

        void addAll(Builder other) {
            for (int i = 0; i < other.size; i++) {
                add(other.from[i], other.to[i], other.pairs[i], other.ports[i]);
            }
        }

        NamespacePairs build() {
            return new NamespacePairs(namespaces, Arrays.copyOf(from, size), Arrays.copyOf(to, size),
                    Arrays.copyOf(pairs, size), Arrays.copyOf(ports, size));
        }
    }
}
