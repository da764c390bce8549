package dev.netpolauditor.model;

/** Kinds whose pod template stands for the pods they create. */
public enum WorkloadKind {
    Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob;

    public static WorkloadKind byName(String kind) {
        for (WorkloadKind k : values()) {
            if (k.name().equals(kind)) {
                return k;
            }
        }
        return null;
    }
}
