package dev.netpolauditor.snapshot.kube;

/** A snapshot attempt that could not list the cluster; the message says which list and why. */
public final class CollectionException extends Exception {
    public CollectionException(String message) {
        super(message);
    }

    public CollectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
