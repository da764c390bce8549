package dev.netpolauditor.model;

import static dev.netpolauditor.model.Protocol.SCTP;
import static dev.netpolauditor.model.Protocol.TCP;
import static dev.netpolauditor.model.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.Protocol;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PortSetTest {

    @Test
    void everythingPrintsAsTheFullRangeOfEachProtocol() {
        assertEquals("SCTP:1-65535,TCP:1-65535,UDP:1-65535", PortSet.ALL.toString());
        assertTrue(PortSet.ALL.isAll());
        assertEquals(3L * 65535, PortSet.ALL.size());
    }

    @Test
    void emptySetPrintsAsTheEmptyString() {
        assertEquals("", PortSet.EMPTY.toString());
        assertTrue(PortSet.EMPTY.isEmpty());
        assertEquals(0, PortSet.EMPTY.size());
    }

    @Test
    void singlePortPrintsWithoutARange() {
        assertEquals("TCP:443", PortSet.port(TCP, 443).toString());
        assertEquals("UDP:53-54", PortSet.range(UDP, 53, 54).toString());
    }

    @Test
    void adjacentRangesAreJoined() {
        assertEquals("TCP:1-3", PortSet.range(TCP, 1, 2).union(PortSet.port(TCP, 3)).toString());
        assertEquals("TCP:1-3", PortSet.parse("TCP:1-2,TCP:3").toString());
        assertEquals("TCP:1-3", PortSet.parse("TCP:3,TCP:1-2").toString());
    }

    @Test
    void overlappingRangesAreMerged() {
        assertEquals("TCP:80-9000", PortSet.parse("TCP:8000-9000,TCP:80-8080,TCP:100").toString());
    }

    @Test
    void rangesWithAGapStaySeparate() {
        assertEquals("TCP:1-2,TCP:4", PortSet.range(TCP, 1, 2).union(PortSet.port(TCP, 4)).toString());
    }

    @Test
    void itemsAreOrderedSctpThenTcpThenUdpThenByFirstPort() {
        PortSet set = PortSet.port(UDP, 53)
                .union(PortSet.port(TCP, 8080))
                .union(PortSet.port(SCTP, 9))
                .union(PortSet.port(TCP, 53));
        assertEquals("SCTP:9,TCP:53,TCP:8080,UDP:53", set.toString());
    }

    @Test
    void theSamePortOfDifferentProtocolsIsNotMerged() {
        assertEquals("TCP:53,UDP:53", PortSet.parse("UDP:53,TCP:53").toString());
    }

    @Test
    void minusSplitsARange() {
        PortSet set = PortSet.allOf(TCP).minus(PortSet.port(TCP, 80));
        assertEquals("TCP:1-79,TCP:81-65535", set.toString());
        assertFalse(set.contains(TCP, 80));
        assertTrue(set.contains(TCP, 79));
        assertTrue(set.contains(TCP, 81));
    }

    @Test
    void minusAtTheEdgesOfTheRange() {
        assertEquals("TCP:2-65535", PortSet.allOf(TCP).minus(PortSet.port(TCP, 1)).toString());
        assertEquals("TCP:1-65534", PortSet.allOf(TCP).minus(PortSet.port(TCP, 65535)).toString());
    }

    @Test
    void intersectKeepsOnlyCommonPortsOfTheSameProtocol() {
        PortSet a = PortSet.parse("TCP:1-100,UDP:53");
        PortSet b = PortSet.parse("TCP:50-200,TCP:300,UDP:54");
        assertEquals("TCP:50-100", a.intersect(b).toString());
    }

    @Test
    void containsAllIsSubsetInclusion() {
        PortSet big = PortSet.parse("TCP:1-1024,UDP:53");
        assertTrue(big.containsAll(PortSet.parse("TCP:80,TCP:443,UDP:53")));
        assertTrue(big.containsAll(PortSet.EMPTY));
        assertTrue(big.containsAll(big));
        assertFalse(big.containsAll(PortSet.parse("TCP:1025")));
        assertFalse(big.containsAll(PortSet.parse("SCTP:80")));
    }

    @Test
    void sizeCountsProtocolPortPairs() {
        assertEquals(100 + 1 + 1, PortSet.parse("TCP:1-100,UDP:53,SCTP:7").size());
    }

    @Test
    void unionOfTheThreeFullProtocolsIsAll() {
        PortSet all = PortSet.allOf(UDP).union(PortSet.allOf(SCTP)).union(PortSet.allOf(TCP));
        assertEquals(PortSet.ALL, all);
        assertTrue(all.isAll());
    }

    @Test
    void equalSetsBuiltDifferentlyAreEqualWithTheSameHash() {
        PortSet a = PortSet.range(TCP, 1, 10).union(PortSet.range(TCP, 11, 20));
        PortSet b = PortSet.range(TCP, 1, 20);
        assertEquals(b, a);
        assertEquals(b.hashCode(), a.hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SCTP:1-65535,TCP:1-65535,UDP:1-65535",
        "TCP:3306",
        "TCP:1-79,TCP:81-65535",
        "SCTP:9,TCP:53,TCP:8080,UDP:53",
        ""})
    void canonicalStringsParseBackToThemselves(String canonical) {
        assertEquals(canonical, PortSet.parse(canonical).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp:80", "HTTP:80", "80", "TCP:0", "TCP:65536", "TCP:90-80", "TCP:x", "TCP:1-"})
    void malformedStringsAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> PortSet.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"0,1", "1,65536", "10,9"})
    void rangesOutsideOneTo65535OrReversedAreRejected(int first, int last) {
        assertThrows(IllegalArgumentException.class, () -> PortSet.range(TCP, first, last));
    }

    /**
     * A handful of overlapping, touching and disjoint cases against a boolean-array model,
     * ports 1..40 of each protocol (the properties cover the whole range).
     */
    @Test
    void algebraAgreesWithABooleanArrayModel() {
        String[] sets = {"", "TCP:1-10", "TCP:5-15", "TCP:11-20", "TCP:1,TCP:3,TCP:5", "TCP:2,TCP:4",
            "UDP:1-40,TCP:40", "SCTP:7,TCP:1-40,UDP:20-21"};
        for (String x : sets) {
            for (String y : sets) {
                check(x, y, "union", PortSet::union, (a, b) -> a || b);
                check(x, y, "intersect", PortSet::intersect, (a, b) -> a && b);
                check(x, y, "minus", PortSet::minus, (a, b) -> a && !b);
            }
        }
    }

    private interface BoolOp {
        boolean apply(boolean a, boolean b);
    }

    private static void check(String x, String y, String name, BinaryOperator<PortSet> op, BoolOp model) {
        boolean[][] a = model(x);
        boolean[][] b = model(y);
        PortSet result = op.apply(PortSet.parse(x), PortSet.parse(y));
        for (Protocol p : Protocol.values()) {
            for (int port = 1; port <= 41; port++) {
                boolean expected = model.apply(a[p.ordinal()][port], b[p.ordinal()][port]);
                assertEquals(expected, result.contains(p, port),
                        "(" + x + ") " + name + " (" + y + ") at " + p + ":" + port + ", got " + result);
            }
        }
    }

    /** Parses items by hand into booleans, ports 0..41 only. */
    private static boolean[][] model(String text) {
        boolean[][] out = new boolean[3][42];
        if (text.isEmpty()) {
            return out;
        }
        for (String item : text.split(",")) {
            String[] protoPorts = item.split(":");
            String[] bounds = protoPorts[1].split("-");
            int lo = Integer.parseInt(bounds[0]);
            int hi = bounds.length > 1 ? Integer.parseInt(bounds[1]) : lo;
            for (int port = lo; port <= hi; port++) {
                out[Protocol.valueOf(protoPorts[0]).ordinal()][port] = true;
            }
        }
        return out;
    }
}
