package dev.netpolauditor.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Source groups as bitmaps laid out as PostgreSQL's get_bit reads a bytea (exactness: engine/GroupFlowsProperties). */
class GroupFlowsTest {
    @Test
    void groupGIsBitGModEightOfByteGDivEightOneBytePerEightGroups() {
        assertArrayEquals(new byte[] {0}, SnapshotContent.bitmap(new long[] {0}, 3));
        assertArrayEquals(new byte[] {0b100111}, SnapshotContent.bitmap(new long[] {0b100111}, 8));
        assertArrayEquals(new byte[] {0, 0b10, 0}, SnapshotContent.bitmap(new long[] {1L << 9}, 17));
        byte[] across = SnapshotContent.bitmap(new long[] {1L << 63, 1}, 65);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0x80, 1}, across);
    }
}
