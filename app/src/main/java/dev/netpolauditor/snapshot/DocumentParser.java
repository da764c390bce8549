package dev.netpolauditor.snapshot;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.netpolauditor.model.SourceRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses manifest files into plain documents (maps, lists, scalars), hardened against
 * hostile input: alias bombs, deep nesting and huge documents fail fast with a
 * {@link ManifestException} naming the file.
 */
final class DocumentParser {
    private DocumentParser() {}

    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    static final int MAX_CODE_POINTS = 16 * 1024 * 1024;

    /** Receives the documents of a file, in order, with their zero-based index. */
    interface DocumentSink {
        void accept(int index, Object document) throws ManifestException;
    }

    /** The JSON parsing of manifests (also {@link JsonManifestReader}'s): strict about duplicate keys and trailing tokens. */
    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Jackson's own location references inside a message, e.g. where an unclosed object started. */
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");

    /** One JSON document; an empty file holds none. */
    static void parseJson(String file, byte[] bytes, DocumentSink sink) throws ManifestException {
        if (isBlank(bytes)) {
            return;
        }
        Object document;
        try {
            document = JSON.readValue(bytes, Object.class);
        } catch (JacksonException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Invalid UTF-8")) {
                // Jackson refused the bytes as UTF-8: say where, by line and byte offset, in our words
                ManifestText.decode(file, bytes, "JSON");
            }
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            String problem = JACKSON_SOURCE.matcher(firstLine(e.getOriginalMessage())).replaceAll("line $1, column $2");
            throw new ManifestException(file + ": invalid JSON: " + where + problem, e);
        } catch (IOException | RuntimeException e) {
            throw new ManifestException(file + ": invalid JSON: " + firstLine(e.getMessage()), e);
        }
        sink.accept(0, document);
    }

    /**
     * Every document of a YAML stream, parsed lazily so that an earlier invalid object is
     * reported first. The text is decoded first (an encoding error names its line and byte
     * offset) and scanned in linear time (see {@link InMemoryStreamReader}).
     */
    static void parseYaml(String file, byte[] bytes, DocumentSink sink) throws ManifestException {
        String text = ManifestText.decode(file, bytes);
        LoaderOptions options = loaderOptions();
        SafeConstructor constructor = new SafeConstructor(options);
        newYaml(constructor, options); // configures the constructor as Yaml does
        constructor.setComposer(new Composer(new ParserImpl(new InMemoryStreamReader(text), options), RESOLVER, options));
        for (int index = 0; ; index++) {
            Object document;
            try {
                if (!constructor.checkData()) {
                    return;
                }
                document = constructor.getData();
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
                String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
                throw new ManifestException(new SourceRef(file, index) + ": invalid YAML: " + where + firstLine(problem), e);
            } catch (ReaderException e) {
                throw new ManifestException(new SourceRef(file, index) + ": invalid YAML: " + position(text, e.getPosition())
                        + "special characters are not allowed (" + String.format("U+%04X", e.getCodePoint()) + ")", e);
            } catch (RuntimeException e) {
                // YAMLException for the limits, but SnakeYAML also lets through e.g. the
                // NumberFormatException of `!!int abc`: whatever it throws, the file does not parse.
                throw new ManifestException(new SourceRef(file, index) + ": invalid YAML: " + firstLine(e.getMessage()), e);
            }
            sink.accept(index, document);
        }
    }

    /**
     * The documents of a YAML stream as SnakeYAML nodes, which keep their source positions
     * (marks), under the same limits as {@link #parseYaml}. For {@link SourcePositions}: a file
     * that {@link #parseYaml} read parses here too.
     */
    static List<Node> composeYaml(String file, byte[] bytes) throws ManifestException {
        String text = ManifestText.decode(file, bytes);
        LoaderOptions options = loaderOptions();
        Composer composer = new Composer(new ParserImpl(new InMemoryStreamReader(text), options), RESOLVER, options);
        List<Node> documents = new ArrayList<>();
        try {
            while (composer.checkNode()) {
                documents.add(composer.getNode());
            }
        } catch (RuntimeException e) {
            throw new ManifestException(file + ": invalid YAML: " + firstLine(e.getMessage()), e);
        }
        return documents;
    }

    private static final Resolver RESOLVER = new KubernetesResolver();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    private static Yaml newYaml(SafeConstructor constructor, LoaderOptions options) {
        DumperOptions dumper = new DumperOptions();
        return new Yaml(constructor, new Representer(dumper), dumper, options, RESOLVER);
    }

    /** "line L, column C: " of the code point at {@code position} of {@code text}. */
    private static String position(String text, int position) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int count = 0; i < text.length() && count < position; count++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column + ": ";
    }

    /**
     * YAML 1.1 resolution as kubectl's decoder does it: {@code yes} is a boolean and {@code 1}
     * an integer, but a timestamp-like plain scalar stays a string ({@code date: 2024-01-01}
     * is a valid label).
     */
    private static final class KubernetesResolver extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            Tag tag = super.resolve(kind, value, implicit);
            return implicit && Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "cannot parse";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
