package dev.netpolauditor.model;

import java.util.Map;

/**
 * A ServiceAccount as network plugins see it: its labels (Calico's {@code pcsa.} labels and
 * {@code serviceAccountSelector}s read them). A pod's account that is not given has no labels.
 */
public record ServiceAccount(String namespace, String name, Map<String, String> labels, SourceRef source) {
    public ServiceAccount {
        labels = Labels.copy(labels);
    }

    public String id() {
        return namespace + "/" + name;
    }
}
