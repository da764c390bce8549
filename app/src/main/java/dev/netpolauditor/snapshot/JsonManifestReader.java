package dev.netpolauditor.snapshot;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.NetworkPolicy;
import dev.netpolauditor.model.OwnerRef;
import dev.netpolauditor.model.Pod;
import dev.netpolauditor.model.PodPhase;
import dev.netpolauditor.model.PolicySpecs;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.model.SourceRef;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fast way of reading a JSON manifest file: Jackson's tokens straight into the model for the
 * kinds that dominate a cluster (Pod, Namespace, v1 NetworkPolicy), with no tree of maps and no
 * {@link Field} walk in between.
 *
 * <p>It only ever reads what {@link ManifestReader}'s general path would accept, the same way.
 * Anything else — invalid JSON, a value of an unexpected type or that fails validation, a
 * {@code kind} after the object's other fields, nested lists, a typed {@code <Kind>List} —
 * makes it give up on the whole file ({@link #read} returns null), and the file is read the
 * general way, which then reports every problem with today's message, field path and position.
 * Nothing of the file reaches the cluster before the whole file is read, so giving up midway
 * leaves no trace. Objects of the other kinds that matter (workloads, cluster-tier and plugin
 * kinds, ServiceAccounts, ConfigMaps) are read as maps and handed to the general path.
 */
final class JsonManifestReader {

    /** One object of the file, read, in file order; {@link ManifestReader} records it (and checks for duplicates). */
    sealed interface Read {
        /** {@code items[i]} for a list item, else empty. */
        String where();
    }

    record ReadNamespace(String where, String name, Map<String, String> labels) implements Read {}

    record ReadPod(String where, Pod pod) implements Read {}

    record ReadPolicy(String where, NetworkPolicy policy) implements Read {}

    /** An object of another kind that matters, as the general path's parse would give it, at list depth {@code depth}. */
    record ReadTree(String where, Map<String, Object> object, int depth) implements Read {}

    /** The general path's way of turning a JSON value into maps and lists (without its end-of-input check). */
    private static final ObjectReader UNTYPED = DocumentParser.JSON.readerFor(Object.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Spec values beyond this many are left to the general path (which refuses a million). */
    private static final int MAX_SPEC_VALUES = 100_000;

    /** Thrown when the fast path does not accept the input; caught in {@link #read}. */
    private static final class Irregular extends Exception {
        Irregular() {
            super(null, null, false, false);
        }
    }

    private static final Irregular IRREGULAR = new Irregular();

    private final SourceRef source;
    private final JsonParser parser;
    private final List<Read> reads = new ArrayList<>();
    /** Strings that recur across objects (label keys and values, namespaces), kept once. */
    private final Map<String, String> interned = new HashMap<>();

    private JsonManifestReader(SourceRef source, JsonParser parser) {
        this.source = source;
        this.parser = parser;
    }

    /**
     * The objects of a JSON manifest, or null when the file is anything but what this reader
     * accepts: it is then to be read the general way.
     */
    static List<Read> read(String file, byte[] bytes) {
        try (JsonParser parser = DocumentParser.JSON.createParser(bytes)) {
            JsonManifestReader reader = new JsonManifestReader(new SourceRef(file, 0), parser);
            reader.document();
            return reader.reads;
        } catch (Irregular | IOException | RuntimeException e) {
            // JacksonException (invalid JSON, limits) included: the general path reports it
            return null;
        }
    }

    private void document() throws IOException, Irregular {
        expect(parser.nextToken() == JsonToken.START_OBJECT);
        Map<String, Object> leading = new LinkedHashMap<>();
        String kind = null;
        String apiVersion = null;
        boolean itemsSeen = false;
        boolean skipped = false;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "kind" -> {
                    kind = string(token);
                    leading.put(name, kind);
                }
                case "apiVersion" -> {
                    apiVersion = string(token);
                    leading.put(name, apiVersion);
                }
                case "items" -> {
                    // an untyped List (checked at the end when the kind comes after its items, as kubectl writes it)
                    expect(kind == null || kind.equals("List"));
                    items(token);
                    itemsSeen = true;
                }
                default -> {
                    if (kind != null && !kind.equals("List")) {
                        expect(!itemsSeen && !skipped);
                        object(kind, apiVersion, leading, name, token, "", 0);
                        expect(parser.nextToken() == null);
                        return;
                    }
                    parser.skipChildren(); // a List's metadata, say; whether this is a List is checked below
                    skipped = true;
                }
            }
        }
        expect(kind != null);
        if (!kind.equals("List")) {
            // an object with nothing but kind and apiVersion
            expect(!itemsSeen && !skipped);
            objectEnd(kind, apiVersion, leading, "", 0, new ObjectParts());
        }
        expect(parser.nextToken() == null); // one document per JSON file
    }

    private void items(JsonToken token) throws IOException, Irregular {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        expect(token == JsonToken.START_ARRAY);
        int index = 0;
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            expect(item == JsonToken.START_OBJECT);
            String where = "items[" + index++ + "]";
            Map<String, Object> leading = new LinkedHashMap<>(4);
            String kind = null;
            String apiVersion = null;
            String name = parser.nextFieldName();
            for (; name != null; name = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                if (name.equals("kind")) {
                    kind = string(value);
                    leading.put(name, kind);
                } else if (name.equals("apiVersion")) {
                    apiVersion = string(value);
                    leading.put(name, apiVersion);
                } else {
                    break;
                }
            }
            if (name == null) {
                if (kind != null) {
                    objectEnd(kind, apiVersion, leading, where, 1, new ObjectParts());
                }
            } else {
                object(kind, apiVersion, leading, name, parser.currentToken(), where, 1);
            }
        }
    }

    /** What a Pod, Namespace or NetworkPolicy object holds, as its fields come. */
    private static final class ObjectParts {
        String name;
        String namespace;
        Map<String, String> labels = Map.of();
        OwnerRef controller;
        PodSpec podSpec = PodSpec.ABSENT;
        PodStatus status = PodStatus.ABSENT;
        Object policySpec;
    }

    /**
     * An object whose kind and apiVersion were read, from its first other field {@code first}
     * (the parser at that field's value) to its end.
     */
    private void object(String kind, String apiVersion, Map<String, Object> leading, String first, JsonToken firstToken,
            String where, int depth) throws IOException, Irregular {
        expect(kind != null && !kind.isEmpty() && !kind.endsWith("List"));
        ManifestReader.Reading reading = ManifestReader.readingOf(kind, apiVersion);
        switch (reading) {
            case IGNORED -> {
                parser.skipChildren();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    // a late apiVersion could make it a kind that matters (a v1 NetworkPolicy, say)
                    expect(!name.equals("kind") && !name.equals("apiVersion"));
                    parser.nextToken();
                    parser.skipChildren();
                }
            }
            case GENERAL -> {
                // the map the general path's parse gives, in the document's order
                Map<String, Object> object = new LinkedHashMap<>(leading);
                object.put(first, UNTYPED.readValue(parser));
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    parser.nextToken();
                    object.put(name, UNTYPED.readValue(parser));
                }
                reads.add(new ReadTree(where, object, depth));
            }
            case NAMESPACE, POD, POLICY -> {
                ObjectParts parts = new ObjectParts();
                boolean atFirst = true;
                for (String name = first; name != null; name = parser.nextFieldName()) {
                    JsonToken token = atFirst ? firstToken : parser.nextToken();
                    atFirst = false;
                    switch (name) {
                        case "metadata" -> metadata(token, parts, reading);
                        case "spec" -> {
                            if (reading == ManifestReader.Reading.POD) {
                                parts.podSpec = podSpec(token);
                            } else if (reading == ManifestReader.Reading.POLICY) {
                                int[] budget = {MAX_SPEC_VALUES};
                                parts.policySpec = canonical(token, budget);
                            } else {
                                parser.skipChildren();
                            }
                        }
                        case "status" -> {
                            if (reading == ManifestReader.Reading.POD) {
                                parts.status = podStatus(token);
                            } else {
                                parser.skipChildren();
                            }
                        }
                        case "kind", "apiVersion" -> throw IRREGULAR; // after other fields: the general path
                        default -> parser.skipChildren();
                    }
                }
                objectEnd(kind, apiVersion, leading, where, depth, parts);
            }
        }
    }

    private void objectEnd(String kind, String apiVersion, Map<String, Object> leading, String where, int depth,
            ObjectParts parts) throws Irregular {
        expect(!kind.endsWith("List"));
        ManifestReader.Reading reading = ManifestReader.readingOf(kind, apiVersion);
        switch (reading) {
            case IGNORED -> { }
            case GENERAL -> reads.add(new ReadTree(where, leading, depth));
            case NAMESPACE -> {
                expect(parts.name != null);
                reads.add(new ReadNamespace(where, parts.name, parts.labels));
            }
            case POD -> {
                expect(parts.name != null);
                String namespace = parts.namespace == null || parts.namespace.isEmpty() ? "default" : parts.namespace;
                PodSpec spec = parts.podSpec;
                PodStatus status = parts.status;
                reads.add(new ReadPod(where, new Pod(namespace, parts.name, parts.labels, spec.ports(),
                        spec.hostNetwork(), PodPhase.parse(status.phase()), status.ips(), parts.controller, source,
                        spec.serviceAccount())));
            }
            case POLICY -> {
                expect(parts.name != null && (parts.policySpec == null || parts.policySpec instanceof Map<?, ?>));
                String namespace = parts.namespace == null || parts.namespace.isEmpty() ? "default" : parts.namespace;
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = parts.policySpec == null ? Map.of() : (Map<String, Object>) parts.policySpec;
                try {
                    // the general reader, over the spec's canonical form: what it reads there it reads the same way
                    reads.add(new ReadPolicy(where, PolicyReader.read(namespace, parts.name,
                            new Field("spec", parts.policySpec), source, spec)));
                } catch (FieldException e) {
                    throw IRREGULAR;
                }
            }
        }
    }

    private void metadata(JsonToken token, ObjectParts parts, ManifestReader.Reading reading) throws IOException, Irregular {
        expect(token == JsonToken.START_OBJECT);
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "name" -> {
                    parts.name = string(value);
                    expect(parts.name != null && !parts.name.isEmpty());
                }
                case "namespace" -> {
                    if (reading == ManifestReader.Reading.NAMESPACE) {
                        parser.skipChildren(); // cluster-scoped: not read
                    } else {
                        parts.namespace = intern(string(value));
                    }
                }
                case "labels" -> parts.labels = labels(value);
                case "ownerReferences" -> parts.controller = controller(value);
                default -> parser.skipChildren();
            }
        }
    }

    /** As {@link LabelReader#labels}, valid labels only. */
    private Map<String, String> labels(JsonToken token) throws IOException, Irregular {
        if (token == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(token == JsonToken.START_OBJECT);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
            expect(parser.nextToken() == JsonToken.VALUE_STRING);
            String value = parser.getText();
            key = intern(key);
            expect(KubeNames.labelKeyProblem(key) == null && KubeNames.labelValueProblem(value) == null);
            labels.put(key, intern(value));
        }
        return labels;
    }

    /** As {@code ManifestReader.controller}: the first entry with {@code controller: true} and a kind and name. */
    private OwnerRef controller(JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        OwnerRef found = null;
        for (JsonToken entry = parser.nextToken(); entry != JsonToken.END_ARRAY; entry = parser.nextToken()) {
            if (entry != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            boolean controller = false;
            String kind = null;
            String name = null;
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "controller" -> controller = value == JsonToken.VALUE_TRUE;
                    case "kind" -> kind = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "name" -> name = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    default -> parser.skipChildren();
                }
            }
            if (found == null && controller && kind != null && !kind.isEmpty() && name != null && !name.isEmpty()) {
                found = new OwnerRef(kind, name);
            }
        }
        return found;
    }

    private record PodSpec(List<ContainerPort> ports, boolean hostNetwork, String serviceAccount) {
        static final PodSpec ABSENT = new PodSpec(List.of(), false, null);
    }

    /** As {@link PodSpecReader}'s ports, hostNetwork and serviceAccount. */
    private PodSpec podSpec(JsonToken token) throws IOException, Irregular {
        if (token == JsonToken.VALUE_NULL) {
            return PodSpec.ABSENT;
        }
        expect(token == JsonToken.START_OBJECT);
        List<ContainerPort> ports = new ArrayList<>();
        boolean hostNetwork = false;
        String serviceAccount = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "containers" -> containers(value, ports);
                case "hostNetwork" -> {
                    expect(value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE || value == JsonToken.VALUE_NULL);
                    hostNetwork = value == JsonToken.VALUE_TRUE;
                }
                case "serviceAccountName" -> {
                    serviceAccount = string(value);
                    if (serviceAccount != null && serviceAccount.isEmpty()) {
                        serviceAccount = null;
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new PodSpec(ports, hostNetwork, serviceAccount);
    }

    private void containers(JsonToken token, List<ContainerPort> ports) throws IOException, Irregular {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        expect(token == JsonToken.START_ARRAY);
        for (JsonToken container = parser.nextToken(); container != JsonToken.END_ARRAY; container = parser.nextToken()) {
            expect(container == JsonToken.START_OBJECT);
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                if (!name.equals("ports") || value == JsonToken.VALUE_NULL) {
                    parser.skipChildren();
                    continue;
                }
                expect(value == JsonToken.START_ARRAY);
                for (JsonToken port = parser.nextToken(); port != JsonToken.END_ARRAY; port = parser.nextToken()) {
                    expect(port == JsonToken.START_OBJECT);
                    ports.add(containerPort());
                }
            }
        }
    }

    /** As {@code PodSpecReader.containerPort}. */
    private ContainerPort containerPort() throws IOException, Irregular {
        String portName = null;
        int number = 0;
        Protocol protocol = Protocol.TCP;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "name" -> {
                    portName = intern(string(value));
                    if (portName != null && portName.isEmpty()) {
                        portName = null;
                    }
                    expect(portName == null || KubeNames.portNameProblem(portName) == null);
                }
                case "containerPort" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        number = 0;
                    } else {
                        number = portNumber(value);
                    }
                }
                case "protocol" -> {
                    String text = string(value);
                    protocol = text == null ? Protocol.TCP : Protocol.byName(text);
                    expect(protocol != null);
                }
                default -> parser.skipChildren();
            }
        }
        return new ContainerPort(portName, number, protocol);
    }

    private int portNumber(JsonToken token) throws IOException, Irregular {
        expect(token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
        long number = parser.getLongValue();
        expect(number >= 1 && number <= 65535);
        return (int) number;
    }

    private record PodStatus(String phase, List<String> ips) {
        static final PodStatus ABSENT = new PodStatus(null, List.of());
    }

    /** {@code status.phase} and the addresses, as {@code ManifestReader.podIps}. */
    private PodStatus podStatus(JsonToken token) throws IOException, Irregular {
        if (token == JsonToken.VALUE_NULL) {
            return PodStatus.ABSENT;
        }
        expect(token == JsonToken.START_OBJECT);
        String phase = null;
        Set<String> ips = new LinkedHashSet<>();
        String podIp = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "phase" -> phase = string(value);
                case "podIP" -> podIp = string(value);
                case "podIPs" -> {
                    if (value == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    expect(value == JsonToken.START_ARRAY);
                    for (JsonToken entry = parser.nextToken(); entry != JsonToken.END_ARRAY; entry = parser.nextToken()) {
                        expect(entry == JsonToken.START_OBJECT);
                        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                            JsonToken ip = parser.nextToken();
                            if (field.equals("ip")) {
                                String text = string(ip);
                                if (text != null && !text.isEmpty()) {
                                    ips.add(text);
                                }
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (ips.isEmpty() && podIp != null && !podIp.isEmpty()) {
            ips.add(podIp);
        }
        return new PodStatus(phase, List.copyOf(ips));
    }

    /**
     * As {@code PolicySpecs.canonical} of the general path's parse: sorted unmodifiable maps
     * without null entries, unmodifiable lists, integers as Long. A float is left to the
     * general path, and so is a spec of more than {@link #MAX_SPEC_VALUES} values.
     */
    private Object canonical(JsonToken token, int[] budget) throws IOException, Irregular {
        expect(--budget[0] > 0);
        return switch (token) {
            case START_OBJECT -> {
                TreeMap<String, Object> map = new TreeMap<>();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    JsonToken value = parser.nextToken();
                    if (value != JsonToken.VALUE_NULL) {
                        map.put(name, canonical(value, budget));
                    }
                }
                yield PolicySpecs.canonicalMap(map);
            }
            case START_ARRAY -> {
                ArrayList<Object> list = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    list.add(canonical(item, budget));
                }
                yield PolicySpecs.canonicalList(list);
            }
            case VALUE_STRING -> intern(parser.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? bigInteger(parser.getBigIntegerValue())
                    : (Object) parser.getLongValue();
            default -> throw IRREGULAR;
        };
    }

    private static Object bigInteger(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** A string value, or null for JSON null; anything else is not for this reader. */
    private String string(JsonToken token) throws IOException, Irregular {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        expect(token == JsonToken.VALUE_NULL);
        return null;
    }

    private String intern(String text) {
        if (text == null) {
            return null;
        }
        String known = interned.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    private static void expect(boolean condition) throws Irregular {
        if (!condition) {
            throw IRREGULAR;
        }
    }
}
