package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.netpolauditor.canonical.CanonicalJson;
import dev.netpolauditor.model.Cidr;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.LabelSelector;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Peer;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.PolicyType;
import dev.netpolauditor.model.PortMatch;
import dev.netpolauditor.model.PortRule;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.Rule;
import dev.netpolauditor.model.SourceRef;
import dev.netpolauditor.store.SnapshotContent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredObjectsTest {

    @Test
    void aPodInKubernetesShapeWithSortedKeysAndNoSource() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("tier", "web");
        labels.put("app", "shop");
        Pod pod = new Pod("prod", "web-1", labels, List.of(new ContainerPort("http", 8080, Protocol.TCP)), false,
                PodPhase.RUNNING, List.of("10.0.0.7"), new SourceRef("pods.yaml", 3));
        SnapshotContent.StoredObject o = StoredObjects.pod(pod, "uid-1");
        assertEquals("{\"kind\":\"Pod\",\"metadata\":{\"labels\":{\"app\":\"shop\",\"tier\":\"web\"},\"name\":\"web-1\","
                + "\"namespace\":\"prod\",\"uid\":\"uid-1\"},\"spec\":{\"hostNetwork\":false,\"ports\":[{\"containerPort\":8080,"
                + "\"name\":\"http\",\"protocol\":\"TCP\"}]},\"status\":{\"phase\":\"RUNNING\",\"podIPs\":[\"10.0.0.7\"]}}",
                o.json());
        assertEquals(CanonicalJson.sha256(o.json()), o.sha256());
        Pod elsewhere = new Pod("prod", "web-1", Map.of("app", "shop", "tier", "web"), pod.ports(), false,
                PodPhase.RUNNING, pod.podIps(), SourceRef.NONE);
        assertEquals(o, StoredObjects.pod(elsewhere, "uid-1"), "where it was read from is not content");
        assertNotEquals(o.sha256(), StoredObjects.pod(pod, "uid-2").sha256(), "the uid is content");
    }

    @Test
    void aPolicyKeepsItsRulesPeersAndPorts() {
        Rule from = new Rule(List.of(new Peer.Selectors(null, new LabelSelector(Map.of("team", "a"), List.of())),
                new Peer.IpBlock(Cidr.parse("10.0.0.0/8"), List.of(Cidr.parse("10.1.0.0/16")))),
                List.of(new PortRule(Protocol.TCP, new PortMatch.Range(80, 80)),
                        new PortRule(Protocol.TCP, new PortMatch.Range(8000, 8080)),
                        new PortRule(Protocol.UDP, new PortMatch.Named("dns")),
                        new PortRule(Protocol.SCTP, new PortMatch.AnyPort())));
        NetworkPolicy p = new NetworkPolicy("prod", "allow", LabelSelector.EVERYTHING, List.of(PolicyType.INGRESS),
                List.of(from), List.of(new Rule(List.of(), List.of())), SourceRef.NONE);
        assertEquals("{\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"allow\",\"namespace\":\"prod\"},\"spec\":{"
                + "\"egress\":[{}],\"ingress\":[{\"from\":[{\"namespaceSelector\":{\"matchLabels\":{\"team\":\"a\"}}},"
                + "{\"ipBlock\":{\"cidr\":\"10.0.0.0/8\",\"except\":[\"10.1.0.0/16\"]}}],\"ports\":[{\"port\":80,"
                + "\"protocol\":\"TCP\"},{\"endPort\":8080,\"port\":8000,\"protocol\":\"TCP\"},{\"port\":\"dns\","
                + "\"protocol\":\"UDP\"},{\"protocol\":\"SCTP\"}]}],\"podSelector\":{},\"policyTypes\":[\"Ingress\"]}}",
                StoredObjects.policy(p, null).json());
    }

    @Test
    void jsonFromTheDatabaseIsRewrittenCanonically() {
        String json = StoredObjects.namespace(Namespace.of("prod", Map.of("tenant", "a"), true, SourceRef.NONE), "u")
                .json();
        assertEquals(json, CanonicalJson.canonical("{\"declared\": true, \"kind\": \"Namespace\", \"metadata\": "
                + "{\"uid\": \"u\", \"name\": \"prod\", \"labels\": {\"tenant\": \"a\", "
                + "\"kubernetes.io/metadata.name\": \"prod\"}}}"));
    }
}
