package dev.netpolauditor.model.cilium;

/**
 * Cilium's entities: {@code all} (every pod and IP endpoint), {@code world} (every IP endpoint;
 * {@code world-ipv4}/{@code -ipv6} those of one family; IP endpoints are outside the cluster
 * <b>(choice)</b>), {@code cluster} (every pod), and those that name no endpoint of the model.
 */
public enum CiliumEntity {
    ALL("all"), WORLD("world"), WORLD_IPV4("world-ipv4"), WORLD_IPV6("world-ipv6"), CLUSTER("cluster"),
    HOST("host"), REMOTE_NODE("remote-node"), KUBE_APISERVER("kube-apiserver"), INGRESS("ingress"),
    HEALTH("health"), INIT("init"), UNMANAGED("unmanaged"), NONE("none");

    private final String wireName;

    CiliumEntity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static CiliumEntity byWireName(String name) {
        for (CiliumEntity e : values()) {
            if (e.wireName.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Whether it stands for pods of the model. */
    public boolean pods() {
        return this == ALL || this == CLUSTER;
    }

    /** Whether it stands for IP endpoints of the model (of the family, for {@code world-ipv4}/{@code -ipv6}). */
    public boolean ips(boolean v4) {
        return switch (this) {
            case ALL, WORLD -> true;
            case WORLD_IPV4 -> v4;
            case WORLD_IPV6 -> !v4;
            default -> false;
        };
    }

    /** Whether it names no endpoint of the model at all (NP-CIL-002). */
    public boolean unmodelled() {
        return !pods() && this != WORLD && this != WORLD_IPV4 && this != WORLD_IPV6;
    }
}
