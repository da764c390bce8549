package dev.netpolauditor.analysis;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.EndpointGroup;
import dev.netpolauditor.model.PortSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connectivity between the cluster's endpoint groups (no external addresses), as an
 * analysis keeps it for the history: the groups, then for each destination group the sources
 * admitted on each port set. It is what the service stores to answer "who could reach whom on
 * that day" without compiling the objects again; it is collected in the same walk of the
 * connectivity as the tenant matrix ({@link TenantReach}).
 */
public record GroupConnectivity(List<Group> groups, List<Flow> flows) {

    public GroupConnectivity {
        groups = List.copyOf(groups);
        flows = List.copyOf(flows);
    }

    /** An endpoint group: its namespace, the labels its selectors read, its members' endpoint names (sorted). */
    public record Group(int id, String namespace, Map<String, String> labels, List<String> members) {
        public Group {
            labels = new TreeMap<>(labels);
            members = List.copyOf(members);
        }
    }

    /**
     * The ports {@code ports} allowed into group {@code toGroup} from each group in
     * {@code fromGroups}, a bitmap over group ids (group g is bit {@code g % 64} of word
     * {@code g / 64}). Not copied: nobody changes it.
     */
    public record Flow(int toGroup, PortSet ports, long[] fromGroups) {
        public boolean from(int group) {
            int word = group >>> 6;
            return word < fromGroups.length && (fromGroups[word] & (1L << group)) != 0;
        }
    }

    /** The endpoint groups of a compiled cluster, members by endpoint name. */
    static List<Group> groupsOf(CompiledCluster compiled) {
        List<Group> out = new ArrayList<>(compiled.groupCount());
        for (int g = 0; g < compiled.groupCount(); g++) {
            EndpointGroup group = compiled.group(g);
            List<String> members = Arrays.stream(group.members())
                    .mapToObj(m -> compiled.endpoints().get(m).name()).sorted().toList();
            out.add(new Group(group.id(), group.namespace(), group.labels(), members));
        }
        return out;
    }
}
