package dev.netpolauditor.snapshot;

import dev.netpolauditor.snapshot.kube.ClusterCapture;
import dev.netpolauditor.snapshot.kube.CollectionException;

/** Reads one cluster's objects, whole or not at all. */
public interface ClusterSource {

    /** Where the objects are read, for people and for the snapshot's {@code source} column. */
    String describe();

    ClusterCapture capture() throws CollectionException, ManifestException;
}
