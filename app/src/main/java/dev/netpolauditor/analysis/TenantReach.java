package dev.netpolauditor.analysis;

import dev.netpolauditor.engine.Admission;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.ConnectivityMatrix;
import dev.netpolauditor.engine.EndpointGroup;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Computes the {@link TenantMatrix} from the grouped connectivity.
 *
 * <p>For each destination group with a tenant, each class of source groups sharing one
 * allowed port set is walked once, adding plain counts into arrays indexed by source tenant
 * and source namespace; port sets are merged once per (class, tenant) and (class, namespace),
 * not per group pair. Group ids of a namespace are consecutive, so a namespace whose groups
 * are all in the class is added at once from sums taken beforehand (its endpoints, its
 * first-named group, whether any of its groups is open for egress); only namespaces the class
 * covers in part, and the destination's own, are walked group by group. Provenance — the policies admitting cross-tenant
 * flows on each side — comes from the rules that can admit traffic into the destination
 * ({@link ConnectivityMatrix#ingressAdmissions}, {@link ConnectivityMatrix#egressAdmissions}):
 * a rule counts for a tenant when it covers a source group of that tenant in the class and
 * admits some of the class's ports.
 *
 * <p>Destination groups are split into consecutive parts at namespace boundaries (group ids
 * of a namespace are consecutive), walked in parallel, each part with its own cells and
 * scratch arrays, and merged in order, so the result does not depend on the split.
 *
 * <p>When the analysis is kept (the service), the same walk also collects the group flows
 * ({@link GroupConnectivity}): the connectivity is walked once per analysis, not once for the
 * tenants and again for the history.
 */
final class TenantReach {
    private final AuditInput input;
    private final ConnectivityMatrix matrix;
    private final List<String> tenants;
    private final List<String> namespaces;
    /** Per group: tenant index or -1, namespace index, size, ranks of its two smallest endpoint names. */
    private final int[] tenantOf;
    private final int[] namespaceOf;
    private final int[] size;
    private final int[] firstName;
    private final int[] secondName;
    /** Per group: not isolated for egress. */
    private final boolean[] egressOpen;
    private final int[] tenantOfNamespace;
    /**
     * Per namespace: its groups {@code firstGroup} to {@code endGroup} (exclusive), their
     * endpoints (0 when the namespace cannot be added at once: no groups or an empty group),
     * the group with the first-named endpoint, and whether any of its groups is not isolated
     * for egress. Used only when every namespace's groups are consecutive (the compiler numbers
     * them so; otherwise the walk goes group by group).
     */
    private final boolean namespacesConsecutive;
    private final int[] firstGroup;
    private final int[] endGroup;
    private final long[] endpointsOfNamespace;
    private final int[] firstNamedGroup;
    private final boolean[] egressOpenInNamespace;
    private final String[] nameByRank;
    private final long keySpace;
    private final boolean withFlows;

    /** The tenant matrix and, when they were asked for, the group flows by destination group (else null). */
    record Walk(TenantMatrix matrix, List<GroupConnectivity.Flow> flows) {}

    private TenantReach(AuditInput input, boolean withFlows) {
        this.input = input;
        this.withFlows = withFlows;
        CompiledCluster compiled = input.compiled();
        this.matrix = compiled.connectivity(List.of());
        this.tenants = new ArrayList<>(new TreeSet<>(input.tenantOfNamespace().values()));
        this.namespaces = new ArrayList<>(input.namespaces().keySet());
        this.keySpace = Math.max(1, Math.max(tenants.size(), namespaces.size()));
        int groups = compiled.groupCount();
        tenantOf = new int[groups];
        namespaceOf = new int[groups];
        size = new int[groups];
        firstName = new int[groups];
        secondName = new int[groups];
        egressOpen = new boolean[groups];
        nameByRank = compiled.endpoints().stream().map(e -> e.name()).sorted().toArray(String[]::new);
        Map<String, Integer> tenantIndex = index(tenants);
        Map<String, Integer> namespaceIndex = index(namespaces);
        tenantOfNamespace = new int[namespaces.size()];
        for (int ns = 0; ns < namespaces.size(); ns++) {
            String tenant = input.tenantOf(namespaces.get(ns));
            tenantOfNamespace[ns] = tenant == null ? -1 : tenantIndex.get(tenant);
        }
        for (int g = 0; g < groups; g++) {
            EndpointGroup group = compiled.group(g);
            namespaceOf[g] = namespaceIndex.get(group.namespace());
            tenantOf[g] = tenantOfNamespace[namespaceOf[g]];
            size[g] = group.size();
            int[] ranks = Arrays.stream(group.members())
                    .map(m -> Arrays.binarySearch(nameByRank, compiled.endpoints().get(m).name())).sorted().toArray();
            firstName[g] = ranks[0];
            secondName[g] = ranks.length > 1 ? ranks[1] : -1;
        }
        firstGroup = new int[namespaces.size()];
        endGroup = new int[namespaces.size()];
        endpointsOfNamespace = new long[namespaces.size()];
        firstNamedGroup = new int[namespaces.size()];
        egressOpenInNamespace = new boolean[namespaces.size()];
        Arrays.fill(firstGroup, -1);
        boolean consecutive = true;
        boolean[] emptyGroup = new boolean[namespaces.size()];
        for (int g = 0; g < groups; g++) {
            int ns = namespaceOf[g];
            if (firstGroup[ns] < 0) {
                firstGroup[ns] = g;
                firstNamedGroup[ns] = g;
            } else {
                consecutive &= endGroup[ns] == g;
                if (firstName[g] < firstName[firstNamedGroup[ns]]) {
                    firstNamedGroup[ns] = g;
                }
            }
            endGroup[ns] = g + 1;
            endpointsOfNamespace[ns] += size[g];
            emptyGroup[ns] |= size[g] == 0;
            egressOpen[g] = !matrix.isolated(g, PolicyType.EGRESS);
            egressOpenInNamespace[ns] |= egressOpen[g];
        }
        for (int ns = 0; ns < namespaces.size(); ns++) {
            if (emptyGroup[ns]) {
                endpointsOfNamespace[ns] = 0;
            }
        }
        namespacesConsecutive = consecutive;
    }

    static TenantMatrix compute(AuditInput input) {
        return walk(input, false).matrix();
    }

    /** With the destination groups split into at most {@code parts} parts (the result is the same for any). */
    static TenantMatrix compute(AuditInput input, int parts) {
        return new TenantReach(input, false).run(parts).matrix();
    }

    /** The tenant matrix and, with {@code withFlows}, the group flows, from one walk. */
    static Walk walk(AuditInput input, boolean withFlows) {
        return new TenantReach(input, withFlows).run((ForkJoinPool.getCommonPoolParallelism() + 1) * 2);
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), i);
        }
        return out;
    }

    private Walk run(int partCount) {
        if (tenants.isEmpty() && !withFlows) {
            return new Walk(new TenantMatrix(tenants, List.of()), null);
        }
        int[] bounds = partBounds(partCount);
        List<Part> parts = IntStream.range(0, bounds.length - 1).parallel()
                .mapToObj(i -> new Part().walk(bounds[i], bounds[i + 1])).toList();
        CellTable merged = new CellTable();
        long[] keys = new long[16];
        int keyCount = 0;
        for (Part part : parts) {
            for (CellBuilder cell : part.created) {
                long key = key(cell.from, cell.to);
                CellBuilder earlier = merged.get(key);
                if (earlier == null) {
                    merged.add(key, cell);
                    if (keyCount == keys.length) {
                        keys = Arrays.copyOf(keys, keyCount * 2);
                    }
                    keys[keyCount++] = key;
                } else {
                    earlier.merge(cell);
                    cell.mergedInto = earlier;
                }
            }
        }
        // the cells in key order: their keys sorted as primitives, then looked up
        Arrays.sort(keys, 0, keyCount);
        List<CellBuilder> cells = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            cells.add(merged.get(keys[i]));
        }
        NamespacePairs[] namespacePairs = namespacePairs(parts, cells);
        List<TenantMatrix.Cell> out = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            out.add(cells.get(i).build(namespacePairs[i]));
        }
        List<GroupConnectivity.Flow> flows = null;
        if (withFlows) {
            flows = new ArrayList<>();
            for (Part part : parts) {
                flows.addAll(part.flows);
            }
        }
        return new Walk(new TenantMatrix(tenants, out), flows);
    }

    /**
     * The namespace pairs of each cell in {@code cells}' order: counted now (a cell's count is
     * all most reports use), gathered from the parts' logs into one set of columns only when a
     * cell's pairs are first read ({@link GatheredPairs}).
     */
    private NamespacePairs[] namespacePairs(List<Part> parts, List<CellBuilder> cells) {
        for (int i = 0; i < cells.size(); i++) {
            cells.get(i).ordinal = i;
        }
        int[] start = new int[cells.size() + 1];
        for (int i = 0; i < cells.size(); i++) {
            start[i + 1] = start[i] + cells.get(i).namespacePairCount;
        }
        PairLog[] logs = new PairLog[parts.size()];
        int[][] ordinalOfLocal = new int[parts.size()][];
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            logs[p] = part.log;
            ordinalOfLocal[p] = new int[part.created.size()];
            for (int i = 0; i < part.created.size(); i++) {
                ordinalOfLocal[p][i] = part.created.get(i).mergedInto.ordinal;
            }
        }
        GatheredPairs columns = new GatheredPairs(logs, ordinalOfLocal, start);
        NamespacePairs[] out = new NamespacePairs[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            out[i] = new NamespacePairs(namespaces, columns, start[i], start[i + 1] - start[i]);
        }
        return out;
    }

    /**
     * The namespace pairs of every cell in one set of columns, gathered from the parts' logs
     * on first use, cell by cell and, within a cell, in part order then log order (destination
     * namespace, then source namespace): a counting sort over the logs. An audit whose report
     * shows only counts never gathers them.
     */
    private static final class GatheredPairs implements Supplier<NamespacePairs.Columns> {
        private PairLog[] logs;
        /** Per part: the merged matrix's index of each of the part's cells, by the part's own index. */
        private int[][] ordinalOfLocal;
        private final int[] start;
        private volatile NamespacePairs.Columns columns;

        GatheredPairs(PairLog[] logs, int[][] ordinalOfLocal, int[] start) {
            this.logs = logs;
            this.ordinalOfLocal = ordinalOfLocal;
            this.start = start;
        }

        @Override
        public NamespacePairs.Columns get() {
            NamespacePairs.Columns done = columns;
            return done != null ? done : gather();
        }

        private synchronized NamespacePairs.Columns gather() {
            if (columns == null) {
                int[] next = start.clone();
                NamespacePairs.Columns out = NamespacePairs.Columns.ofSize(start[start.length - 1]);
                for (int p = 0; p < logs.length; p++) {
                    PairLog log = logs[p];
                    int[] ordinals = ordinalOfLocal[p];
                    for (int c = 0; c < log.cells.size(); c++) {
                        int[] cells = log.cells.get(c);
                        int[] from = log.from.get(c);
                        int[] to = log.to.get(c);
                        long[] pairs = log.pairs.get(c);
                        PortSet[] ports = log.ports.get(c);
                        for (int i = 0; i < log.sizeOf(c); i++) {
                            out.set(next[ordinals[cells[i]]]++, from[i], to[i], pairs[i], ports[i]);
                        }
                    }
                }
                columns = out;
                logs = null;
                ordinalOfLocal = null;
            }
            return columns;
        }
    }

    /** Up to {@code count} consecutive ranges of group ids, each starting at a namespace's first group. */
    private int[] partBounds(int count) {
        int groups = namespaceOf.length;
        List<Integer> bounds = new ArrayList<>();
        bounds.add(0);
        for (int i = 1; i < count; i++) {
            int g = (int) ((long) groups * i / count);
            while (g < groups && g > 0 && namespaceOf[g] == namespaceOf[g - 1]) {
                g++;
            }
            if (g > bounds.getLast() && g < groups) {
                bounds.add(g);
            }
        }
        bounds.add(groups);
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A key for an ordered pair of tenant indexes, in the pairs' order. */
    private long key(int a, int b) {
        return (long) a * keySpace + b;
    }

    /** The cells of one range of destination groups, with its own scratch state. */
    private final class Part implements ConnectivityMatrix.GroupVisitor {
        private final CellTable cells = new CellTable();
        /** The part's cells in the order they were first met. */
        final List<CellBuilder> created = new ArrayList<>();
        /** The namespace pairs of the part's cells, in the order they were flushed. */
        final PairLog log = new PairLog();
        /** The part's group flows, in destination order (null when not collected). */
        final List<GroupConnectivity.Flow> flows = withFlows ? new ArrayList<>() : null;
        // Per class, reset through the touched lists.
        private final long[] pairsByTenant = new long[tenants.size()];
        private final int[] bestSourceByTenant = new int[tenants.size()];
        private final boolean[] egressOpenByTenant = new boolean[tenants.size()];
        private final boolean[] selfByTenant = new boolean[tenants.size()];
        private final long[] pairsByNamespace = new long[namespaces.size()];
        private final IntList touchedTenants = new IntList(16);
        private final IntList touchedNamespaces = new IntList(16);
        // The cells into the current destination's tenant by source tenant: most lookups, without hashing.
        private int rowTenant = -1;
        private final CellBuilder[] rowCells = new CellBuilder[tenants.size()];
        // Per destination namespace: sources merged over its groups, flushed when it changes.
        private int currentNamespace = -1;
        private final long[] pairsIntoNamespace = new long[namespaces.size()];
        private final PortSet[] portsIntoNamespace = new PortSet[namespaces.size()];
        private final IntList sourcesIntoNamespace = new IntList(16);
        private final CellBuilder[] cellIntoNamespace = new CellBuilder[namespaces.size()];
        // Per destination group: the rules admitting into it, fetched when provenance is needed.
        private int row = -1;
        private List<Admission> ingress;
        private List<Admission> egress;

        Part walk(int from, int to) {
            matrix.forEachGroupRow(from, to, this);
            flushNamespace();
            return this;
        }

        @Override
        public void visit(int destination, long[] sources, PortSet allowed) {
            if (flows != null) {
                // the visitor's array is valid during the call only
                flows.add(new GroupConnectivity.Flow(destination, allowed, sources.clone()));
            }
            int toTenant = tenantOf[destination];
            if (toTenant < 0) {
                return;
            }
            if (row != destination) {
                row = destination;
                ingress = null;
                egress = null;
            }
            accumulate(destination, sources);
            boolean provenanceNeeded = false;
            for (int i = 0; i < touchedTenants.size; i++) {
                int t = touchedTenants.items[i];
                CellBuilder cell = cell(t, toTenant);
                cell.pairs += pairsByTenant[t];
                cell.ports = cell.ports.union(allowed);
                example(cell, destination, t, allowed);
                if (cell.explained()) {
                    provenanceNeeded = true;
                    cell.egressUnrestricted |= egressOpenByTenant[t];
                    cell.ingressUnrestricted |= !matrix.isolated(destination, PolicyType.INGRESS);
                }
            }
            if (namespaceOf[destination] != currentNamespace) {
                flushNamespace();
                currentNamespace = namespaceOf[destination];
            }
            for (int i = 0; i < touchedNamespaces.size; i++) {
                int ns = touchedNamespaces.items[i];
                if (pairsIntoNamespace[ns] == 0) {
                    sourcesIntoNamespace.add(ns);
                    portsIntoNamespace[ns] = allowed;
                    cellIntoNamespace[ns] = rowCells[tenantOfNamespace[ns]];
                } else {
                    portsIntoNamespace[ns] = portsIntoNamespace[ns].union(allowed);
                }
                pairsIntoNamespace[ns] += pairsByNamespace[ns];
            }
            if (provenanceNeeded) {
                if (ingress == null) {
                    ingress = matrix.ingressAdmissions(destination);
                    egress = matrix.egressAdmissions(destination);
                }
                attribute(ingress, sources, allowed, toTenant, true);
                attribute(egress, sources, allowed, toTenant, false);
            }
            reset();
        }

        private CellBuilder cell(int fromTenant, int toTenant) {
            if (toTenant != rowTenant) {
                Arrays.fill(rowCells, null);
                rowTenant = toTenant;
            }
            CellBuilder cell = rowCells[fromTenant];
            if (cell != null) {
                return cell;
            }
            long key = key(fromTenant, toTenant);
            cell = cells.get(key);
            if (cell == null) {
                cell = new CellBuilder(fromTenant, toTenant, created.size());
                cells.add(key, cell);
                created.add(cell);
            }
            rowCells[fromTenant] = cell;
            return cell;
        }

        /**
         * Adds the class's sources into the per-tenant and per-namespace scratch arrays: a
         * namespace the class holds whole (the destination's own aside) at once, else group by
         * group, in ascending group order either way.
         */
        private void accumulate(int destination, long[] sources) {
            long targets = size[destination];
            if (targets == 0) {
                return; // every pair would be empty
            }
            int source = nextSetBit(sources, 0);
            while (source >= 0) {
                int ns = namespaceOf[source];
                if (namespacesConsecutive && tenantOf[source] < 0) {
                    source = nextSetBit(sources, endGroup[ns]);
                } else if (namespacesConsecutive && source == firstGroup[ns] && endpointsOfNamespace[ns] > 0
                        && (destination < source || destination >= endGroup[ns])
                        && allSet(sources, source, endGroup[ns])) {
                    add(tenantOf[source], ns, endpointsOfNamespace[ns] * targets, false, firstNamedGroup[ns],
                            egressOpenInNamespace[ns]);
                    source = nextSetBit(sources, endGroup[ns]);
                } else {
                    long pairs = source == destination ? targets * (targets - 1) : size[source] * targets;
                    if (tenantOf[source] >= 0 && pairs != 0) {
                        add(tenantOf[source], ns, pairs, source == destination, source, egressOpen[source]);
                    }
                    source = nextSetBit(sources, source + 1);
                }
            }
        }

        /**
         * Adds {@code pairs} from sources of one tenant and namespace: the destination with
         * itself when {@code self}, else sources whose first-named group is {@code namedSource}.
         */
        private void add(int t, int ns, long pairs, boolean self, int namedSource, boolean egressOpen) {
            if (pairsByTenant[t] == 0) {
                touchedTenants.add(t);
                bestSourceByTenant[t] = -1;
            }
            pairsByTenant[t] += pairs;
            if (self) {
                selfByTenant[t] = true;
            } else if (bestSourceByTenant[t] < 0 || firstName[namedSource] < firstName[bestSourceByTenant[t]]) {
                bestSourceByTenant[t] = namedSource;
            }
            egressOpenByTenant[t] |= egressOpen;
            if (pairsByNamespace[ns] == 0) {
                touchedNamespaces.add(ns);
            }
            pairsByNamespace[ns] += pairs;
        }

        /** Keeps the cell's first endpoint pair in name order (a pod with itself excluded). */
        private void example(CellBuilder cell, int destination, int tenant, PortSet allowed) {
            int from = -1;
            int to = -1;
            int best = bestSourceByTenant[tenant];
            if (best >= 0) {
                from = firstName[best];
                to = firstName[destination];
            }
            if (selfByTenant[tenant] && (from < 0 || firstName[destination] < from
                    || (firstName[destination] == from && secondName[destination] < to))) {
                from = firstName[destination];
                to = secondName[destination];
            }
            cell.offerExample(from, to, allowed);
        }

        /** Adds each admitting rule's policy to the cells of the tenants whose sources in the class it covers. */
        private void attribute(List<Admission> admissions, long[] sources, PortSet allowed, int toTenant,
                boolean ingressSide) {
            for (Admission a : admissions) {
                if (a.ports().intersect(allowed).isEmpty()) {
                    continue;
                }
                if (a.sourceGroups() == null) {
                    for (int i = 0; i < touchedTenants.size; i++) {
                        int t = touchedTenants.items[i];
                        credit(t, toTenant, a, ingressSide);
                    }
                    continue;
                }
                for (int g : a.sourceGroups()) {
                    int t = tenantOf[g];
                    if (t >= 0 && (sources[g >>> 6] & (1L << g)) != 0 && pairsByTenant[t] > 0) {
                        credit(t, toTenant, a, ingressSide);
                    }
                }
            }
        }

        private void credit(int fromTenant, int toTenant, Admission a, boolean ingressSide) {
            CellBuilder cell = cell(fromTenant, toTenant); // made for every source tenant of the class
            if (cell.explained()) {
                cell.admittedBy(a.rule().policy(), ingressSide);
            }
        }

        /** Hands the merged sources of the finished destination namespace to their cells. */
        private void flushNamespace() {
            Arrays.sort(sourcesIntoNamespace.items, 0, sourcesIntoNamespace.size);
            for (int i = 0; i < sourcesIntoNamespace.size; i++) {
                int ns = sourcesIntoNamespace.items[i];
                CellBuilder cell = cellIntoNamespace[ns];
                cell.namespacePairCount++;
                log.add(cell.localId, ns, currentNamespace, pairsIntoNamespace[ns], portsIntoNamespace[ns]);
                pairsIntoNamespace[ns] = 0;
                portsIntoNamespace[ns] = null;
                cellIntoNamespace[ns] = null;
            }
            sourcesIntoNamespace.clear();
        }

        private void reset() {
            for (int i = 0; i < touchedTenants.size; i++) {
                int t = touchedTenants.items[i];
                pairsByTenant[t] = 0;
                egressOpenByTenant[t] = false;
                selfByTenant[t] = false;
            }
            for (int i = 0; i < touchedNamespaces.size; i++) {
                int ns = touchedNamespaces.items[i];
                pairsByNamespace[ns] = 0;
            }
            touchedTenants.clear();
            touchedNamespaces.clear();
        }
    }

    /** The first bit set in {@code bits} at or after {@code from}, or -1. */
    private static int nextSetBit(long[] bits, int from) {
        int w = from >>> 6;
        if (w >= bits.length) {
            return -1;
        }
        long word = bits[w] & (-1L << from);
        while (word == 0) {
            if (++w == bits.length) {
                return -1;
            }
            word = bits[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(word);
    }

    /** Whether every bit from {@code from} to {@code to} (exclusive, {@code from < to}) is set. */
    private static boolean allSet(long[] bits, int from, int to) {
        int first = from >>> 6;
        int last = (to - 1) >>> 6;
        long firstMask = -1L << from;
        long lastMask = -1L >>> -to;
        if (first == last) {
            long mask = firstMask & lastMask;
            return (bits[first] & mask) == mask;
        }
        if ((bits[first] & firstMask) != firstMask || (bits[last] & lastMask) != lastMask) {
            return false;
        }
        for (int w = first + 1; w < last; w++) {
            if (bits[w] != -1L) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cells by {@link #key}, in open addressing over the primitive keys: the walk looks a cell
     * up for every source tenant and source namespace of every class, and boxed keys in a
     * hash map were a large share of its allocation.
     */
    private static final class CellTable {
        /** Key + 1 per slot; 0 marks a free one. */
        private long[] keys = new long[256];
        private CellBuilder[] cells = new CellBuilder[256];
        private int size;

        CellBuilder get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); keys[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == key + 1) {
                    return cells[i];
                }
            }
            return null;
        }

        /** Adds a cell whose key is not in the table yet. */
        void add(long key, CellBuilder cell) {
            if (2 * (size + 1) > keys.length) {
                long[] oldKeys = keys;
                CellBuilder[] oldCells = cells;
                keys = new long[oldKeys.length * 2];
                cells = new CellBuilder[oldKeys.length * 2];
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldKeys[i] != 0) {
                        insert(oldKeys[i] - 1, oldCells[i]);
                    }
                }
            }
            insert(key, cell);
            size++;
        }

        private void insert(long key, CellBuilder cell) {
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (keys[i] != 0) {
                i = (i + 1) & mask;
            }
            keys[i] = key + 1;
            cells[i] = cell;
        }

        /** Fibonacci hashing: consecutive keys (a row of tenant pairs) spread over the table. */
        private static int slot(long key, int mask) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        }
    }

    /**
     * Namespace pairs as a part flushes them, each with the cell it belongs to (the part's
     * index of it); merged into columns when first read. Kept in chunks of columns, so that
     * growing copies nothing (an open cluster logs millions).
     */
    private static final class PairLog {
        static final int CHUNK_BITS = 14;
        static final int CHUNK = 1 << CHUNK_BITS;
        final List<int[]> cells = new ArrayList<>();
        final List<int[]> from = new ArrayList<>();
        final List<int[]> to = new ArrayList<>();
        final List<long[]> pairs = new ArrayList<>();
        final List<PortSet[]> ports = new ArrayList<>();
        int size;

        void add(int cell, int fromNamespace, int toNamespace, long endpointPairs, PortSet allowed) {
            int chunk = size >>> CHUNK_BITS;
            int i = size & (CHUNK - 1);
            if (i == 0) {
                cells.add(new int[CHUNK]);
                from.add(new int[CHUNK]);
                to.add(new int[CHUNK]);
                pairs.add(new long[CHUNK]);
                ports.add(new PortSet[CHUNK]);
            }
            cells.get(chunk)[i] = cell;
            from.get(chunk)[i] = fromNamespace;
            to.get(chunk)[i] = toNamespace;
            pairs.get(chunk)[i] = endpointPairs;
            ports.get(chunk)[i] = allowed;
            size++;
        }

        /** The number of pairs in chunk {@code chunk}. */
        int sizeOf(int chunk) {
            return Math.min(CHUNK, size - (chunk << CHUNK_BITS));
        }
    }

    private final class CellBuilder {
        final int from;
        final int to;
        long pairs;
        PortSet ports = PortSet.EMPTY;
        int exampleFrom = -1;
        int exampleTo = -1;
        PortSet examplePorts = PortSet.EMPTY;
        /** Indexes of admitting policies; allocated only for cells that findings explain. */
        Set<String> egressPolicies;
        Set<String> ingressPolicies;
        boolean egressUnrestricted;
        boolean ingressUnrestricted;
        /** The cell of the merged matrix this part's cell is added to (itself for the first part's). */
        CellBuilder mergedInto = this;
        /** Index in the merged matrix, set once the cells are merged and sorted. */
        int ordinal = -1;
        /** Index in its part's {@code created} cells (what the part's pair log names it by). */
        final int localId;
        /** Namespace pairs logged for the cell (after merging: of every part). */
        int namespacePairCount;

        /** Provenance is gathered for the cells findings report: cross-tenant pairs not declared allowed. */
        private final boolean explained;

        CellBuilder(int from, int to, int localId) {
            this.from = from;
            this.to = to;
            this.localId = localId;
            // asked for every class of sources the cell gets: decided once
            this.explained = from != to && !input.tenancy().allows(tenants.get(from), tenants.get(to));
        }

        boolean explained() {
            return explained;
        }

        void admittedBy(String policy, boolean ingressSide) {
            if (ingressSide) {
                ingressPolicies = ingressPolicies == null ? new TreeSet<>() : ingressPolicies;
                ingressPolicies.add(policy);
            } else {
                egressPolicies = egressPolicies == null ? new TreeSet<>() : egressPolicies;
                egressPolicies.add(policy);
            }
        }

        /** Keeps the smaller endpoint pair by name rank. */
        void offerExample(int fromRank, int toRank, PortSet allowed) {
            if (exampleFrom < 0 || fromRank < exampleFrom || (fromRank == exampleFrom && toRank < exampleTo)) {
                exampleFrom = fromRank;
                exampleTo = toRank;
                examplePorts = allowed;
            }
        }

        /** Adds a later part's share of the same cell (its namespace pairs are gathered apart). */
        void merge(CellBuilder later) {
            pairs += later.pairs;
            namespacePairCount += later.namespacePairCount;
            ports = ports.union(later.ports);
            offerExample(later.exampleFrom, later.exampleTo, later.examplePorts);
            if (later.egressPolicies != null) {
                later.egressPolicies.forEach(p -> admittedBy(p, false));
            }
            if (later.ingressPolicies != null) {
                later.ingressPolicies.forEach(p -> admittedBy(p, true));
            }
            egressUnrestricted |= later.egressUnrestricted;
            ingressUnrestricted |= later.ingressUnrestricted;
        }

        /** The cell (its constructor copies the policy sets, so they are handed over as they are). */
        TenantMatrix.Cell build(NamespacePairs namespacePairs) {
            return new TenantMatrix.Cell(tenants.get(from), tenants.get(to), pairs, ports, nameByRank[exampleFrom],
                    nameByRank[exampleTo], examplePorts, namespacePairs, policyIds(egressPolicies),
                    policyIds(ingressPolicies), egressUnrestricted, ingressUnrestricted);
        }

        private static Set<String> policyIds(Set<String> policies) {
            return policies == null ? Set.of() : policies;
        }
    }
}
