package dev.netpolauditor.model.calico;

/** An entity rule's {@code services}: a Kubernetes Service by name (and namespace). Not modelled: it matches no endpoint. */
public record ServiceMatch(String name, String namespace) {}
