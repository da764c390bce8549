package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Source groups as PostgreSQL multirange literals (the property that flows are exact: engine/GroupFlowsProperties). */
class GroupFlowsTest {
    @Test
    void rangesAreHalfOpenAndCoalesced() {
        assertEquals("{}", SnapshotContent.ranges(new long[] {0}));
        assertEquals("{[0,3),[5,6)}", SnapshotContent.ranges(new long[] {0b100111}));
        assertEquals("{[63,65)}", SnapshotContent.ranges(new long[] {1L << 63, 1}));
    }
}
