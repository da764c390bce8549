package dev.netpolauditor.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where the objects of a manifests directory, and the fields inside them, are written: file,
 * line and column (1-based) of each object (found by kind, namespace and name, inside
 * {@code List}s too) and of any field or list entry below it ({@code spec.ingress[0].from[1]}).
 * YAML positions come from SnakeYAML's marks, JSON positions from Jackson's token locations.
 *
 * <p>Read on demand (SARIF output), after {@link ManifestReader} accepted the same directory:
 * the files are parsed again, with the same limits, into trees that keep positions.
 */
public final class SourcePositions {

    /** A place in a manifest file: the file relative to the directory ({@code /} separators), line and column from 1. */
    public record Position(String file, int line, int column) {}

    /** A node of a document with its position: a mapping, a sequence or a scalar. */
    private sealed interface Located {
        Position at();
    }

    private record LMap(Position at, Map<String, Located> entries) implements Located {}

    private record LList(Position at, List<Located> items) implements Located {}

    private record LScalar(Position at, String value) implements Located {}

    private final Map<String, LMap> objects = new HashMap<>();

    private SourcePositions() {}

    /** Reads every manifest of {@code dir} (as {@link ManifestReader#read} lists them). */
    public static SourcePositions read(Path dir) throws ManifestException {
        SourcePositions positions = new SourcePositions();
        for (ManifestFile file : ManifestFile.list(dir)) {
            byte[] bytes = file.read();
            List<Located> documents = file.isJson() ? json(file.relative(), bytes) : yaml(file.relative(), bytes);
            for (Located document : documents) {
                if (document instanceof LMap map) {
                    positions.object(map, null, 0);
                }
            }
        }
        return positions;
    }

    /**
     * The position of {@code path} (keys and zero-based indexes, e.g. {@code spec, ingress, 0,
     * from, 1}) inside the object of {@code kind} named {@code name}, or of the deepest part of
     * it that exists; with an empty path, the object's {@code metadata.name}. {@code namespace}
     * is null for cluster-scoped kinds; an object written without a namespace is found under
     * {@code default} too. Empty when no such object was read.
     */
    public Optional<Position> of(String kind, String namespace, String name, List<Object> path) {
        LMap object = objects.get(key(kind, namespace, name));
        if (object == null && "default".equals(namespace)) {
            object = objects.get(key(kind, "", name));
        }
        if (object == null && namespace == null) {
            object = objects.get(key(kind, "*", name));
        }
        if (object == null) {
            return Optional.empty();
        }
        if (path.isEmpty()) {
            Located named = child(child(object, "metadata"), "name");
            return Optional.of((named != null ? named : object).at());
        }
        Located at = object;
        for (Object step : path) {
            Located next = child(at, step);
            if (next == null) {
                break;
            }
            at = next;
        }
        return Optional.of(at.at());
    }

    private static Located child(Located node, Object step) {
        if (node instanceof LMap map && step instanceof String key) {
            return map.entries().get(key);
        }
        if (node instanceof LList list && step instanceof Integer index && index >= 0 && index < list.items().size()) {
            return list.items().get(index);
        }
        return null;
    }

    /** An object, or a list whose items are objects (as {@link ManifestReader} reads them). */
    private void object(LMap map, String listKind, int depth) {
        String kind = scalar(map.entries().get("kind"));
        if (kind == null || kind.isEmpty()) {
            kind = listKind;
        }
        if (kind == null || depth > 8) {
            return;
        }
        if (kind.endsWith("List")) {
            String itemKind = kind.equals("List") ? null : kind.substring(0, kind.length() - "List".length());
            if (map.entries().get("items") instanceof LList items) {
                for (Located item : items.items()) {
                    if (item instanceof LMap itemMap) {
                        object(itemMap, itemKind, depth + 1);
                    }
                }
            }
            return;
        }
        Located metadata = map.entries().get("metadata");
        String name = scalar(child(metadata, "name"));
        if (name == null) {
            return;
        }
        String namespace = scalar(child(metadata, "namespace"));
        objects.putIfAbsent(key(kind, namespace == null ? "" : namespace, name), map);
        objects.putIfAbsent(key(kind, "*", name), map);
    }

    private static String scalar(Located node) {
        return node instanceof LScalar s ? s.value() : null;
    }

    private static String key(String kind, String namespace, String name) {
        return kind + '\0' + namespace + '\0' + name;
    }

    // YAML: SnakeYAML's nodes, marks 0-based

    private static List<Located> yaml(String file, byte[] bytes) throws ManifestException {
        List<Located> out = new ArrayList<>();
        for (Node node : DocumentParser.composeYaml(file, bytes)) {
            out.add(yaml(file, node, 0));
        }
        return out;
    }

    private static Located yaml(String file, Node node, int depth) {
        Position at = new Position(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
        if (depth > DocumentParser.MAX_NESTING_DEPTH) {
            return new LScalar(at, null);
        }
        return switch (node) {
            case MappingNode m -> {
                Map<String, Located> entries = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode key) {
                        entries.putIfAbsent(key.getValue(), yaml(file, t.getValueNode(), depth + 1));
                    }
                }
                yield new LMap(at, entries);
            }
            case SequenceNode s -> {
                List<Located> items = new ArrayList<>();
                for (Node item : s.getValue()) {
                    items.add(yaml(file, item, depth + 1));
                }
                yield new LList(at, items);
            }
            case ScalarNode s -> new LScalar(at, s.getValue());
            default -> new LScalar(at, null);
        };
    }

    // JSON: Jackson's token locations, 1-based

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(DocumentParser.MAX_NESTING_DEPTH).build())
            .build();

    private static List<Located> json(String file, byte[] bytes) throws ManifestException {
        try (JsonParser parser = JSON.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            return first == null ? List.of() : List.of(json(file, parser));
        } catch (IOException e) {
            throw new ManifestException(file + ": invalid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** The value at the parser's current token, leaving the parser on its last token. */
    private static Located json(String file, JsonParser parser) throws IOException {
        JsonLocation location = parser.currentTokenLocation();
        Position at = new Position(file, location.getLineNr(), location.getColumnNr());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Located> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                entries.putIfAbsent(key, json(file, parser));
            }
            return new LMap(at, entries);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Located> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(json(file, parser));
            }
            return new LList(at, items);
        }
        return new LScalar(at, token.isScalarValue() ? parser.getText() : null);
    }
}
