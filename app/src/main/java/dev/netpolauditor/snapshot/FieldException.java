package dev.netpolauditor.snapshot;

/**
 * A field of an object is invalid. Thrown while converting one object and turned into a
 * {@link ManifestException} by {@link ManifestReader}, which knows the file and the object.
 */
final class FieldException extends RuntimeException {
    private final String path;
    private final String problem;

    FieldException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem, null, false, false);
        this.path = path;
        this.problem = problem;
    }

    /** Where in the object, e.g. {@code spec.ingress[0].from[1].ipBlock.cidr}; empty for the object itself. */
    String path() {
        return path;
    }

    String problem() {
        return problem;
    }
}
