package dev.netpolauditor.snapshot.kube;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot attempt that could not list the cluster; the message says which list and why,
 * and {@link #listVersions()} holds the resourceVersion of each list read whole before it.
 */
public final class CollectionException extends Exception {
    private final Map<ClusterResource, String> listVersions;

    public CollectionException(String message) {
        this(message, null, Map.of());
    }

    public CollectionException(String message, Throwable cause) {
        this(message, cause, Map.of());
    }

    private CollectionException(String message, Throwable cause, Map<ClusterResource, String> listVersions) {
        super(message, cause);
        this.listVersions = listVersions.isEmpty() ? Map.of() : new EnumMap<>(listVersions);
    }

    /** The same failure, with the lists read before it. */
    CollectionException after(Map<ClusterResource, String> readBefore) {
        CollectionException out = new CollectionException(getMessage(), getCause(), readBefore);
        out.setStackTrace(getStackTrace());
        return out;
    }

    /** resourceVersion of every list read whole before the failure (null values: the list had none). */
    public Map<ClusterResource, String> listVersions() {
        return listVersions.isEmpty() ? Map.of() : new EnumMap<>(listVersions);
    }
}
