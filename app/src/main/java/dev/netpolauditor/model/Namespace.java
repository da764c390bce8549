package dev.netpolauditor.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * A namespace. Its labels always carry {@code kubernetes.io/metadata.name=<name>}, as the
 * API server guarantees; {@link #of} enforces it. {@code declared} is false for a namespace
 * that is only implied by a pod or policy living in it.
 */
public record Namespace(String name, Map<String, String> labels, boolean declared, SourceRef source) {
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public Namespace {
        labels = Labels.copy(labels);
    }

    public static Namespace of(String name, Map<String, String> labels, boolean declared, SourceRef source) {
        Map<String, String> withName = new TreeMap<>(labels);
        withName.put(NAME_LABEL, name);
        return new Namespace(name, withName, declared, source);
    }

    public static Namespace implied(String name) {
        return of(name, Map.of(), false, SourceRef.NONE);
    }
}
