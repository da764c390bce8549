package dev.netpolauditor.analysis.diff;

import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod endpoints of both sides, classed by (group on the {@code from} side, group on the
 * {@code to} side), -1 where an endpoint is absent. Members of one class are alike for every
 * selector of both sides, so what holds for one pair of classes holds for every pair of their
 * members (distinct members, for a class with itself). A diff with few changes has about as
 * many classes as one side has groups.
 */
final class EndpointClasses {

    /** One class: its groups on each side (-1: absent there) and its members' names, input order. */
    record EndpointClass(int id, int before, int after, List<String> members) {}

    private final List<EndpointClass> classes;
    private final Map<String, EndpointClass> byName;

    private EndpointClasses(List<EndpointClass> classes, Map<String, EndpointClass> byName) {
        this.classes = classes;
        this.byName = byName;
    }

    static EndpointClasses of(CompiledCluster before, CompiledCluster after) {
        Map<Long, List<String>> members = new LinkedHashMap<>();
        Map<String, Integer> beforeGroup = new HashMap<>();
        for (Endpoint.Pod e : before.endpoints()) {
            beforeGroup.put(e.name(), before.groupOf(e.name()).id());
        }
        for (Endpoint.Pod e : after.endpoints()) {
            Integer b = beforeGroup.remove(e.name());
            int a = after.groupOf(e.name()).id();
            members.computeIfAbsent(key(b == null ? -1 : b, a), k -> new ArrayList<>()).add(e.name());
        }
        for (Endpoint.Pod e : before.endpoints()) {
            Integer b = beforeGroup.get(e.name());
            if (b != null) {
                members.computeIfAbsent(key(b, -1), k -> new ArrayList<>()).add(e.name());
            }
        }
        List<EndpointClass> classes = new ArrayList<>(members.size());
        Map<String, EndpointClass> byName = new HashMap<>();
        for (Map.Entry<Long, List<String>> m : members.entrySet()) {
            int b = (int) (m.getKey() >> 32);
            int a = (int) (long) m.getKey();
            EndpointClass c = new EndpointClass(classes.size(), b, a, List.copyOf(m.getValue()));
            classes.add(c);
            c.members().forEach(name -> byName.put(name, c));
        }
        return new EndpointClasses(List.copyOf(classes), byName);
    }

    private static long key(int before, int after) {
        return ((long) before << 32) | (after & 0xffffffffL);
    }

    List<EndpointClass> all() {
        return classes;
    }

    /** The class of a pod endpoint of either side, or null (an IP endpoint). */
    EndpointClass of(String name) {
        return byName.get(name);
    }
}
