package dev.netpolauditor.engine;

import dev.netpolauditor.model.ClusterState;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.Workload;
import java.util.ArrayList;
import java.util.List;

/** Which objects of a cluster are endpoints of the connectivity model (semantics.md, Objects). */
public final class Endpoints {
    private Endpoints() {}

    /**
     * Pods that are neither terminated nor on the host network, then workload templates that
     * are not on the host network, in input order.
     */
    public static List<Endpoint.Pod> of(ClusterState cluster) {
        List<Endpoint.Pod> out = new ArrayList<>(cluster.pods().size() + cluster.workloads().size());
        for (Pod pod : cluster.pods()) {
            if (isEndpoint(pod)) {
                out.add(new Endpoint.Pod(pod.namespace() + "/" + pod.name(), pod.namespace(), pod.labels(),
                        pod.ports(), null, pod.source()));
            }
        }
        for (Workload w : cluster.workloads()) {
            if (isEndpoint(w)) {
                out.add(new Endpoint.Pod(w.namespace() + "/" + w.name() + "[" + w.kind().name() + "]",
                        w.namespace(), w.templateLabels(), w.ports(), w.kind(), w.source()));
            }
        }
        return out;
    }

    public static boolean isEndpoint(Pod pod) {
        return !pod.hostNetwork() && !pod.phase().terminated();
    }

    public static boolean isEndpoint(Workload workload) {
        return !workload.hostNetwork();
    }
}
