package dev.netpolauditor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySpecsTest {

    @Test
    void mappingOrderAndIntegerTypesDoNotMatter() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("podSelector", Map.of());
        a.put("ingress", List.of(Map.of("ports", List.of(Map.of("port", 80)))));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("ingress", List.of(Map.of("ports", List.of(Map.of("port", BigInteger.valueOf(80))))));
        b.put("podSelector", new HashMap<>());
        assertEquals(PolicySpecs.canonical(a), PolicySpecs.canonical(b));
        assertEquals(List.of("ingress", "podSelector"), List.copyOf(PolicySpecs.canonical(b).keySet()));
    }

    @Test
    void nullEntriesAreAbsentButEmptyListsAreNot() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("podSelector", Map.of());
        withNull.put("egress", null);
        assertEquals(PolicySpecs.canonical(Map.of("podSelector", Map.of())), PolicySpecs.canonical(withNull));
        assertNotEquals(PolicySpecs.canonical(Map.of("podSelector", Map.of())),
                PolicySpecs.canonical(Map.of("podSelector", Map.of(), "egress", List.of())));
        assertNotEquals(PolicySpecs.canonical(Map.of("ports", List.of(Map.of("port", 80)))),
                PolicySpecs.canonical(Map.of("ports", List.of(Map.of("port", "80")))), "a quoted port is a name");
    }

    @Test
    void theResultIsImmutable() {
        Map<String, Object> spec = PolicySpecs.canonical(Map.of("a", List.of(Map.of("b", 1))));
        assertThrows(UnsupportedOperationException.class, () -> spec.put("c", 1));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) spec.get("a");
        assertThrows(UnsupportedOperationException.class, () -> list.add(1));
    }

    @Test
    void aValueThatContainsItselfIsRefused() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicySpecs.canonical(Map.of("x", cycle)));
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
    }

    @Test
    void sharedValuesAreFollowedOnceButCountedExpanded() {
        // 2^21 leaves once expanded, built from 21 shared lists: an alias bomb.
        Object node = "lol";
        for (int i = 0; i < 21; i++) {
            node = List.of(node, node);
        }
        Object bomb = node;
        assertThrows(IllegalArgumentException.class, () -> PolicySpecs.canonical(Map.of("x", bomb)));
        Object small = List.of(List.of("a", "a"), List.of("a", "a"));
        assertEquals(Map.of("x", small), PolicySpecs.canonical(Map.of("x", small)));
    }

    @Test
    void aCanonicalSpecIsKeptAsItIsAndAnythingElseMadeCanonical() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", Map.of("matchLabels", Map.of("app", "web")));
        spec.put("ingress", List.of(Map.of("ports", List.of(Map.of("port", 80)))));
        Map<String, Object> canonical = PolicySpecs.canonical(spec);
        assertTrue(canonical == PolicySpecs.canonical(canonical), "a canonical spec is not copied again");

        // in the canonical containers, but with what the form does not hold: an Integer, a null entry, a short BigInteger
        java.util.TreeMap<String, Object> inner = new java.util.TreeMap<>();
        inner.put("port", 80);
        inner.put("endPort", null);
        inner.put("big", BigInteger.TEN);
        java.util.TreeMap<String, Object> outer = new java.util.TreeMap<>();
        outer.put("ports", PolicySpecs.canonicalList(new ArrayList<>(List.of(PolicySpecs.canonicalMap(inner)))));
        Map<String, Object> almost = PolicySpecs.canonicalMap(outer);
        Map<String, Object> made = PolicySpecs.canonical(almost);
        assertTrue(made != almost);
        assertEquals(Map.of("ports", List.of(Map.of("port", 80L, "big", 10L))), made);
        assertTrue(PolicySpecs.canonical(made) == made);
    }

    @Test
    void aPolicyBuiltInCodeGetsASpecDerivedFromItsFields() {
        NetworkPolicy p = new NetworkPolicy("prod", "db", new LabelSelector(Map.of("app", "db"), List.of()),
                List.of(PolicyType.INGRESS),
                List.of(new Rule(List.of(new Peer.Selectors(null, LabelSelector.EVERYTHING)),
                        List.of(new PortRule(Protocol.TCP, new PortMatch.Range(5432, 5433))))),
                List.of(), SourceRef.NONE);
        assertEquals(PolicySpecs.canonical(Map.of(
                "podSelector", Map.of("matchLabels", Map.of("app", "db")),
                "policyTypes", List.of("Ingress"),
                "ingress", List.of(Map.of(
                        "from", List.of(Map.of("namespaceSelector", Map.of())),
                        "ports", List.of(Map.of("protocol", "TCP", "port", 5432, "endPort", 5433)))))), p.spec());
    }
}
