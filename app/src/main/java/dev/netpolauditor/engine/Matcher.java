package dev.netpolauditor.engine;

import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.PortSet;

/**
 * What the engine needs of any rule, decided once: which peers it matches (member groups,
 * or every pod and IP), which IP endpoints, and its ports toward a receiving member group
 * (named ports resolved there) or toward an IP endpoint (named ports match nothing).
 */
interface Matcher {

    /** Every pod and every IP endpoint. */
    boolean allPeers();

    /** Sorted member groups the peers match (not read when {@link #allPeers()}). */
    int[] peerGroups();

    boolean matchesIp(IpAddress address);

    PortSet portsFor(NamedPorts receiving);

    PortSet portsTowardIp();

    default boolean matchesGroup(int memberGroup) {
        return allPeers() || java.util.Arrays.binarySearch(peerGroups(), memberGroup) >= 0;
    }
}
