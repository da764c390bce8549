package dev.netpolauditor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Namespace;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.Workload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON of the model's objects, in Kubernetes' shape: object keys sorted at
 * every level, no whitespace, absent values left out, where an object was read from
 * ({@code SourceRef}) left out. Equal content gives equal text, hence equal SHA-256.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CanonicalJson() {}

    public static SnapshotContent.StoredObject namespace(Namespace ns, String uid) {
        Map<String, Object> doc = document("Namespace", null, ns.name(), uid, ns.labels());
        doc.put("declared", ns.declared());
        return object("Namespace", null, ns.name(), uid, doc);
    }

    public static SnapshotContent.StoredObject pod(Pod pod, String uid) {
        Map<String, Object> doc = document("Pod", pod.namespace(), pod.name(), uid, pod.labels());
        Map<String, Object> spec = new TreeMap<>();
        spec.put("hostNetwork", pod.hostNetwork());
        spec.put("ports", ports(pod.ports()));
        doc.put("spec", spec);
        Map<String, Object> status = new TreeMap<>();
        status.put("phase", pod.phase().name());
        status.put("podIPs", pod.podIps());
        doc.put("status", status);
        return object("Pod", pod.namespace(), pod.name(), uid, doc);
    }

    public static SnapshotContent.StoredObject workload(Workload w, String uid) {
        String kind = w.kind().name();
        Map<String, Object> doc = document(kind, w.namespace(), w.name(), uid, Map.of());
        Map<String, Object> template = new TreeMap<>();
        template.put("labels", w.templateLabels());
        template.put("hostNetwork", w.hostNetwork());
        template.put("ports", ports(w.ports()));
        template.put("images", w.images());
        doc.put("spec", Map.of("template", template));
        return object(kind, w.namespace(), w.name(), uid, doc);
    }

    public static SnapshotContent.StoredObject policy(NetworkPolicy p, String uid) {
        Map<String, Object> doc = document("NetworkPolicy", p.namespace(), p.name(), uid, Map.of());
        // The spec as written, in the model's canonical form (PolicySpecs): what diff compares.
        doc.put("spec", p.spec());
        return object("NetworkPolicy", p.namespace(), p.name(), uid, doc);
    }

    /** Any JSON text re-written canonically (sorted keys, no whitespace). */
    public static String canonical(String json) {
        try {
            return write(MAPPER.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The canonical text of maps (any order), lists, strings, numbers, booleans. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SnapshotContent.StoredObject object(String kind, String namespace, String name, String uid,
            Map<String, Object> doc) {
        String json = write(doc);
        return new SnapshotContent.StoredObject(kind, namespace, name, uid, json, sha256(json));
    }

    private static Map<String, Object> document(String kind, String namespace, String name, String uid,
            Map<String, String> labels) {
        Map<String, Object> metadata = new TreeMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        if (uid != null) {
            metadata.put("uid", uid);
        }
        if (!labels.isEmpty()) {
            metadata.put("labels", labels);
        }
        Map<String, Object> doc = new TreeMap<>();
        doc.put("kind", kind);
        doc.put("metadata", metadata);
        return doc;
    }

    private static List<Object> ports(List<ContainerPort> ports) {
        List<Object> out = new ArrayList<>();
        for (ContainerPort p : ports) {
            Map<String, Object> port = new TreeMap<>();
            if (p.name() != null && !p.name().isEmpty()) {
                port.put("name", p.name());
            }
            port.put("containerPort", p.port());
            port.put("protocol", p.protocol().name());
            out.add(port);
        }
        return out;
    }
}
