package dev.netpolauditor.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one cache of the read side: values derived from stored snapshots (a stored snapshot never
 * changes, so neither does what is derived from it), least recently used first out, at most
 * {@code capacity} entries whatever their kind. Computed outside the lock, so a question about
 * one snapshot never waits for the compilation of another; two concurrent misses of one key
 * compute it twice and keep one. Hits, misses and evictions per kind, and the size, are metrics
 * ({@code netpol_auditor_read_cache_*}).
 */
final class BoundedCache {
    /** A key of one kind: {@code kind} names it in the metrics. */
    record Key(String kind, String id) {}

    private final int capacity;
    private final MeterRegistry meters;
    private final Map<Key, Object> entries;

    BoundedCache(int capacity, MeterRegistry meters) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a cache holds at least one entry, not " + capacity);
        }
        this.capacity = capacity;
        this.meters = meters;
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Object> eldest) {
                boolean evict = size() > BoundedCache.this.capacity;
                if (evict) {
                    counter("evictions", eldest.getKey().kind()).increment();
                }
                return evict;
            }
        };
        Gauge.builder("netpol_auditor_read_cache_entries", this, BoundedCache::size)
                .description("Entries in the read-side cache (compiled snapshots, diffs)").register(meters);
    }

    /** The cached value of {@code key}, or the one {@code compute} gives, then kept. */
    <V> V get(Key key, Class<V> type, Supplier<V> compute) {
        synchronized (entries) {
            Object cached = entries.get(key);
            if (cached != null) {
                counter("hits", key.kind()).increment();
                return type.cast(cached);
            }
        }
        counter("misses", key.kind()).increment();
        V value = compute.get();
        synchronized (entries) {
            entries.put(key, value);
        }
        return value;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Counter counter(String what, String kind) {
        return Counter.builder("netpol_auditor_read_cache_" + what).tag("kind", kind)
                .description("Read-side cache " + what + " by kind of entry").register(meters);
    }
}
