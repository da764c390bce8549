package dev.netpolauditor.model;

/**
 * Where an object was read from: a file relative to the manifests directory (or an API
 * list), and the zero-based document index inside it. Used in messages only.
 */
public record SourceRef(String file, int document) {
    public static final SourceRef NONE = new SourceRef("", 0);

    @Override
    public String toString() {
        return document == 0 ? file : file + " (document " + (document + 1) + ")";
    }
}
