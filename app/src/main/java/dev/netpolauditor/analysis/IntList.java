package dev.netpolauditor.analysis;

import java.util.Arrays;

/**
 * A growable list of ints, unboxed, read through its fields: the tenant walk adds an index per
 * source group and the scoped findings a position per open finding and scope, too many for
 * boxed lists.
 */
final class IntList {
    int[] items;
    int size;

    IntList(int capacity) {
        items = new int[capacity];
    }

    void add(int value) {
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(4, size * 2));
        }
        items[size++] = value;
    }

    void clear() {
        size = 0;
    }
}
