package dev.netpolauditor.engine;

import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.PortSet;
import dev.netpolauditor.model.Protocol;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The named container ports of an endpoint, as (name, protocol) → ports. Interned by
 * {@link Registry}, so endpoints defining the same names share one instance and one id.
 */
public record NamedPorts(int id, Map<String, PortSet> byNameAndProtocol) {

    PortSet resolve(String name, Protocol protocol) {
        PortSet ports = byNameAndProtocol.get(key(name, protocol));
        return ports == null ? PortSet.EMPTY : ports;
    }

    /** Every container port of this name, each with its own protocol (cluster-tier named ports carry none). */
    PortSet resolveAnyProtocol(String name) {
        PortSet out = PortSet.EMPTY;
        for (Protocol protocol : Protocol.values()) {
            out = out.union(resolve(name, protocol));
        }
        return out;
    }

    private static String key(String name, Protocol protocol) {
        return name + "/" + protocol.name();
    }

    /** Interns signatures; the string form of the map is the grouping key's port part. */
    static final class Registry {
        private final Map<Map<String, PortSet>, NamedPorts> known = new java.util.HashMap<>();

        NamedPorts of(List<ContainerPort> ports) {
            Map<String, PortSet> byName = new TreeMap<>();
            for (ContainerPort port : ports) {
                if (port.name() != null && !port.name().isEmpty() && port.port() >= PortSet.MIN_PORT
                        && port.port() <= PortSet.MAX_PORT) {
                    byName.merge(key(port.name(), port.protocol()), PortSet.port(port.protocol(), port.port()),
                            PortSet::union);
                }
            }
            return known.computeIfAbsent(byName, m -> new NamedPorts(known.size(), Map.copyOf(m)));
        }

        int size() {
            return known.size();
        }
    }
}
