package dev.netpolauditor.analysis;

import dev.netpolauditor.model.PortSet;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * The namespace-pair breakdown of one tenant-matrix cell, kept in parallel primitive arrays:
 * an open cluster has millions of namespace pairs, and a record per pair would cost more
 * than the analysis. The arrays are shared by every cell of one matrix (each cell a range of
 * them), so the walk allocates a few large arrays instead of four per cell. The columns may
 * be gathered on first access (most reports show only a cell's count). Reads as an immutable
 * list; elements are made on access.
 */
public final class NamespacePairs extends AbstractList<TenantMatrix.NamespacePair> implements RandomAccess {
    private final List<String> namespaces;
    private final Supplier<Columns> columns;
    private final int offset;
    private final int size;

    /** The pairs {@code offset} to {@code offset + size} of {@code columns}. */
    NamespacePairs(List<String> namespaces, Columns columns, int offset, int size) {
        this(namespaces, () -> columns, offset, size);
        Objects.checkFromIndexSize(offset, size, columns.from.length);
    }

    /**
     * The pairs {@code offset} to {@code offset + size} of the columns {@code columns} gives
     * when first read (shared by the cells of a matrix: it should make them once).
     */
    NamespacePairs(List<String> namespaces, Supplier<Columns> columns, int offset, int size) {
        this.namespaces = namespaces;
        this.columns = columns;
        this.offset = offset;
        this.size = size;
    }

    @Override
    public TenantMatrix.NamespacePair get(int index) {
        Objects.checkIndex(index, size);
        int i = offset + index;
        Columns columns = this.columns.get();
        return new TenantMatrix.NamespacePair(namespaces.get(columns.from[i]), namespaces.get(columns.to[i]),
                columns.pairs[i], columns.ports[i]);
    }

    @Override
    public int size() {
        return size;
    }

    /** Namespace pairs as columns: source and destination namespace indexes, endpoint pairs, allowed ports. */
    record Columns(int[] from, int[] to, long[] pairs, PortSet[] ports) {
        static Columns ofSize(int size) {
            return new Columns(new int[size], new int[size], new long[size], new PortSet[size]);
        }

        void set(int i, int fromNamespace, int toNamespace, long endpointPairs, PortSet allowed) {
            from[i] = fromNamespace;
            to[i] = toNamespace;
            pairs[i] = endpointPairs;
            ports[i] = allowed;
        }
    }
}
