package dev.netpolauditor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netpolauditor.model.Protocol;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * PortSet's algebra agrees with a model of one bit per (protocol, port), and its form is
 * canonical. Sets are built from a few random ranges that crowd the low ports and the top
 * of the range, so ranges overlap, touch and hit the bounds often.
 */
class PortSetProperties {
    private static final int PORTS = PortSet.MAX_PORT + 1;

    /** A PortSet, the bits it should hold, and the ranges it was built from. */
    record Modelled(PortSet set, BitSet[] bits, List<Item> items) {
        @Override
        public String toString() {
            return "'" + set + "' built from " + items;
        }
    }

    record Item(Protocol protocol, int first, int last) {
        @Override
        public String toString() {
            return protocol + ":" + first + "-" + last;
        }
    }

    @Provide
    Arbitrary<Modelled> sets() {
        Arbitrary<Integer> start = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(1, 12)),
                Tuple.of(2, Arbitraries.integers().between(65525, 65535)),
                Tuple.of(2, Arbitraries.integers().between(1, 65535)));
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.integers().between(1, 5)),
                Tuple.of(1, Arbitraries.integers().between(0, 70000)));
        Arbitrary<Item> item = Combinators.combine(Arbitraries.of(Protocol.class), start, length)
                .as((p, lo, len) -> new Item(p, lo, (int) Math.min(PortSet.MAX_PORT, (long) lo + len)));
        return item.list().ofMaxSize(6).map(PortSetProperties::build);
    }

    private static Modelled build(List<Item> items) {
        PortSet set = PortSet.EMPTY;
        BitSet[] bits = none();
        for (Item i : items) {
            set = set.union(PortSet.range(i.protocol(), i.first(), i.last()));
            bits[i.protocol().ordinal()].set(i.first(), i.last() + 1);
        }
        return new Modelled(set, bits, items);
    }

    // ---- agreement with the model

    @Property
    void builtSetHoldsExactlyTheModelledPorts(@ForAll("sets") Modelled a) {
        assertEquals(canonical(a.bits()), a.set().toString());
        assertEquals(cardinality(a.bits()), a.set().size());
        assertEquals(cardinality(a.bits()) == 0, a.set().isEmpty());
    }

    @Property
    void containsAgreesWithTheModel(@ForAll("sets") Modelled a, @ForAll Protocol protocol,
            @ForAll @IntRange(min = 1, max = 65535) int port) {
        assertEquals(a.bits()[protocol.ordinal()].get(port), a.set().contains(protocol, port));
        for (Item i : a.items()) {
            for (int p : new int[] {i.first() - 1, i.first(), i.last(), i.last() + 1}) {
                if (p >= PortSet.MIN_PORT && p <= PortSet.MAX_PORT) {
                    assertEquals(a.bits()[i.protocol().ordinal()].get(p), a.set().contains(i.protocol(), p),
                            i.protocol() + ":" + p);
                }
            }
        }
    }

    @Property
    void unionAgreesWithTheModel(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        BitSet[] expected = copy(a.bits());
        for (int p = 0; p < 3; p++) {
            expected[p].or(b.bits()[p]);
        }
        assertEquals(canonical(expected), a.set().union(b.set()).toString());
    }

    @Property
    void intersectAgreesWithTheModel(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        BitSet[] expected = copy(a.bits());
        for (int p = 0; p < 3; p++) {
            expected[p].and(b.bits()[p]);
        }
        assertEquals(canonical(expected), a.set().intersect(b.set()).toString());
    }

    @Property
    void minusAgreesWithTheModel(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        BitSet[] expected = copy(a.bits());
        for (int p = 0; p < 3; p++) {
            expected[p].andNot(b.bits()[p]);
        }
        assertEquals(canonical(expected), a.set().minus(b.set()).toString());
    }

    @Property
    void containsAllIsModelSubset(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        boolean subset = true;
        for (int p = 0; p < 3; p++) {
            BitSet outside = (BitSet) b.bits()[p].clone();
            outside.andNot(a.bits()[p]);
            subset &= outside.isEmpty();
        }
        assertEquals(subset, a.set().containsAll(b.set()));
    }

    // ---- algebraic laws

    @Property
    void unionAndIntersectCommute(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        assertEquals(a.set().union(b.set()), b.set().union(a.set()));
        assertEquals(a.set().intersect(b.set()), b.set().intersect(a.set()));
    }

    @Property
    void deMorganHoldsWithinAll(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        PortSet x = a.set();
        PortSet y = b.set();
        PortSet all = PortSet.ALL;
        assertEquals(all.minus(x.union(y)), all.minus(x).intersect(all.minus(y)));
        assertEquals(all.minus(x.intersect(y)), all.minus(x).union(all.minus(y)));
    }

    @Property
    void minusAndIntersectPartitionASet(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        PortSet x = a.set();
        PortSet y = b.set();
        assertEquals(x, x.minus(y).union(x.intersect(y)));
        assertEquals(PortSet.EMPTY, x.minus(y).intersect(x.intersect(y)));
    }

    // ---- canonical form

    @Property
    void equalSetsHaveOneStringAndOneHash(@ForAll("sets") Modelled a, @ForAll long seed) {
        // the same ports again: ranges split at a random point and added in another order
        Random random = new Random(seed);
        List<Item> pieces = new ArrayList<>();
        for (Item i : a.items()) {
            int cut = i.first() + random.nextInt(i.last() - i.first() + 1);
            pieces.add(new Item(i.protocol(), i.first(), cut));
            pieces.add(new Item(i.protocol(), cut, i.last()));
        }
        Collections.shuffle(pieces, random);
        PortSet again = build(pieces).set();
        assertEquals(a.set(), again);
        assertEquals(a.set().toString(), again.toString());
        assertEquals(a.set().hashCode(), again.hashCode());
    }

    @Property
    void setsAreEqualExactlyWhenTheirPortsAre(@ForAll("sets") Modelled a, @ForAll("sets") Modelled b) {
        boolean samePorts = canonical(a.bits()).equals(canonical(b.bits()));
        assertEquals(samePorts, a.set().equals(b.set()));
        assertEquals(samePorts, a.set().toString().equals(b.set().toString()));
    }

    @Property
    void canonicalStringParsesBackToAnEqualSet(@ForAll("sets") Modelled a) {
        PortSet parsed = PortSet.parse(a.set().toString());
        assertEquals(a.set(), parsed);
        assertEquals(a.set().toString(), parsed.toString());
    }

    // ---- the model

    private static BitSet[] none() {
        return new BitSet[] {new BitSet(PORTS), new BitSet(PORTS), new BitSet(PORTS)};
    }

    private static BitSet[] copy(BitSet[] bits) {
        return new BitSet[] {(BitSet) bits[0].clone(), (BitSet) bits[1].clone(), (BitSet) bits[2].clone()};
    }

    private static long cardinality(BitSet[] bits) {
        return (long) bits[0].cardinality() + bits[1].cardinality() + bits[2].cardinality();
    }

    /** The contract's canonical string, from runs of set bits in protocol order. */
    private static String canonical(BitSet[] bits) {
        List<String> items = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            BitSet b = bits[protocol.ordinal()];
            for (int lo = b.nextSetBit(1); lo >= 0; lo = b.nextSetBit(lo)) {
                int end = b.nextClearBit(lo);
                items.add(protocol + ":" + (end - 1 == lo ? "" + lo : lo + "-" + (end - 1)));
                lo = end;
            }
        }
        return String.join(",", items);
    }
}
