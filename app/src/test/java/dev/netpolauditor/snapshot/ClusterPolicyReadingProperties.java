package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.model.ClusterPolicy;
import dev.netpolauditor.snapshot.RandomClusterPolicies.GeneratedPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random valid cluster-tier policies of every kind, written as the API serves them, read into
 * exactly the model they were generated from: subjects, rules in order, peers and ports, with
 * entries of only unknown fields read as {@code Unknown} (fail closed). And a subject given both
 * of its known fields is rejected there, whatever else the policy holds.
 */
class ClusterPolicyReadingProperties {

    @Provide
    Arbitrary<GeneratedPolicy> policies() {
        return RandomClusterPolicies.policies();
    }

    @Property(tries = 300)
    void aPolicyReadsAsTheModelItWasWrittenFrom(@ForAll("policies") GeneratedPolicy generated) throws Exception {
        ClusterPolicy read = ManifestReader.fromObjects("generated", List.of(generated.manifest())).clusterPolicies()
                .getFirst();
        ClusterPolicy expected = generated.expected();
        assertEquals(expected.kind(), read.kind());
        assertEquals(expected.name(), read.name());
        assertEquals(expected.tier(), read.tier());
        assertEquals(expected.priority(), read.priority());
        assertEquals(expected.subject(), read.subject());
        assertEquals(expected.ingress(), read.ingress());
        assertEquals(expected.egress(), read.egress());
    }

    @Property(tries = 200)
    void aSubjectWithBothKnownFieldsIsRejectedThere(@ForAll("policies") GeneratedPolicy generated) {
        Map<String, Object> manifest = deepCopy(generated.manifest());
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) manifest.get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> subject = (Map<String, Object>) spec.get("subject");
        subject.putIfAbsent("namespaces", Map.of());
        subject.putIfAbsent("pods", Map.of("podSelector", Map.of(), "namespaceSelector", Map.of()));
        ManifestException e = assertThrows(ManifestException.class,
                () -> ManifestReader.fromObjects("generated", List.of(manifest)));
        assertTrue(e.getMessage().contains(": spec.subject: a subject must have exactly one of namespaces or pods"),
                e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            return (T) new ArrayList<>(list.stream().map(ClusterPolicyReadingProperties::deepCopy).toList());
        }
        return value;
    }
}
