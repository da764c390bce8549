package dev.netpolauditor.model;

import java.util.Objects;

/**
 * An object's controller: the {@code metadata.ownerReferences} entry with {@code controller:
 * true}, as its kind and name (always in the object's own namespace, which is where Kubernetes
 * allows a namespaced owner to be). Whether such an owner is given is decided elsewhere: a
 * reference to an object that is not among the inputs is ignored (semantics.md, Owners).
 */
public record OwnerRef(String kind, String name) {
    public OwnerRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
