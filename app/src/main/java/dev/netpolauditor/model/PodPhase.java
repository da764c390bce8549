package dev.netpolauditor.model;

/** {@code status.phase} of a pod; UNKNOWN also stands for an absent phase. */
public enum PodPhase {
    PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN;

    public boolean terminated() {
        return this == SUCCEEDED || this == FAILED;
    }

    public static PodPhase parse(String phase) {
        if (phase == null) {
            return UNKNOWN;
        }
        return switch (phase) {
            case "Pending" -> PENDING;
            case "Running" -> RUNNING;
            case "Succeeded" -> SUCCEEDED;
            case "Failed" -> FAILED;
            default -> UNKNOWN;
        };
    }
}
