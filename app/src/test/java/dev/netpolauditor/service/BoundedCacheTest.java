package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The read side's one cache: bounded whatever the kinds, least recently used out first, measured. */
class BoundedCacheTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BoundedCache cache = new BoundedCache(2, meters);
    private final AtomicInteger computed = new AtomicInteger();

    private String get(String kind, String id) {
        return cache.get(new BoundedCache.Key(kind, id), String.class, () -> {
            computed.incrementAndGet();
            return kind + ":" + id;
        });
    }

    @Test
    void keepsAtMostItsCapacityOverAllKindsAndDropsTheLeastRecentlyUsed() {
        assertEquals("compiled:a", get("compiled", "a"));
        assertEquals("diff:1>2", get("diff", "1>2"));
        get("compiled", "a"); // a is now the most recently used
        get("compiled", "b"); // evicts the diff
        assertEquals(2, cache.size());
        assertEquals(3, computed.get());
        get("compiled", "a");
        assertEquals(3, computed.get(), "a stayed");
        get("diff", "1>2");
        assertEquals(4, computed.get(), "the diff was evicted and computed again");

        assertEquals(2.0, meters.get("netpol_auditor_read_cache_hits").tag("kind", "compiled").counter().count());
        assertEquals(2.0, meters.get("netpol_auditor_read_cache_misses").tag("kind", "compiled").counter().count());
        assertEquals(2.0, meters.get("netpol_auditor_read_cache_misses").tag("kind", "diff").counter().count());
        assertEquals(1.0, meters.get("netpol_auditor_read_cache_evictions").tag("kind", "diff").counter().count());
        assertEquals(2.0, meters.get("netpol_auditor_read_cache_entries").gauge().value());
    }

    @Test
    void aCacheHoldsAtLeastOneEntry() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache(0, meters));
    }
}
