package dev.netpolauditor.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Request bodies read by the API itself, so that every way a body can be wrong gets a problem
 * document in our words: no content type or another than JSON (415), a charset other than
 * UTF-8 (415), bytes that are not UTF-8, not exactly one JSON value (trailing garbage, two
 * objects), a field of the wrong type (no quiet coercion of 5 into "5"), a field the
 * operation does not know, control characters in a string, nesting or sizes beyond reason.
 * Never a Java type, a parser feature or a stack frame: the shape is described in JSON's
 * words (a string, a whole number, true or false, an array, an object).
 */
final class JsonBodies {
    static final int MAX_DEPTH = 16;

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(1024 * 1024).maxNumberLength(32).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert))
            .build();

    private JsonBodies() {}

    /**
     * The body of {@code request} as a {@code type} (a record of JSON fields); {@code example}
     * is a valid body, quoted in the answers to invalid ones.
     */
    static <T extends Record> T read(HttpRequest<?> request, byte[] body, Class<T> type, String example) {
        requireJson(request);
        if (body == null || body.length == 0 || isBlank(body)) {
            throw ApiProblem.badRequest("the request has no body; send one JSON object, e.g. " + example);
        }
        String text = utf8(body);
        T value;
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isNull() || tree.isMissingNode()) {
                throw ApiProblem.badRequest("the body is null; send one JSON object, e.g. " + example);
            }
            if (!tree.isObject()) {
                throw ApiProblem.badRequest("the body must be a JSON object, e.g. " + example);
            }
            controlCharacters(tree, "");
            value = JSON.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badRequest("unknown field '" + printable(e.getPropertyName()) + "'"
                    + where(e.getPath(), 1) + "; the fields are " + fields(e.getKnownPropertyIds())
                    + ", e.g. " + example);
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty() && e.getMessage() != null && e.getMessage().contains("Trailing token")) {
                throw ApiProblem.badRequest("the body holds more than one JSON value; send exactly one object,"
                        + " e.g. " + example);
            }
            throw ApiProblem.badRequest(fieldName(e) + " must be " + shape(e.getTargetType()) + "; send e.g. "
                    + example);
        } catch (StreamConstraintsException e) {
            throw ApiProblem.badRequest("the body is nested more than " + MAX_DEPTH + " deep or holds a value too"
                    + " long; send one JSON object, e.g. " + example);
        } catch (JsonParseException e) {
            throw ApiProblem.badRequest("the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); send one JSON object, e.g. " + example);
        } catch (JsonMappingException e) {
            throw ApiProblem.badRequest(fieldName(e) + " is not valid; send e.g. " + example);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body cannot be read as JSON; send one JSON object, e.g. " + example);
        }
        return value;
    }

    /** Refuses control characters (NUL, line breaks, escapes...) in any string or field name. */
    private static void controlCharacters(JsonNode node, String path) {
        if (node.isTextual() && hasControl(node.textValue())) {
            throw ApiProblem.badRequest((path.isEmpty() ? "the body" : "field '" + path + "'")
                    + " holds a control character (such as NUL or a line break); send plain text");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                controlCharacters(node.get(i), path + "[" + i + "]");
            }
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (hasControl(field.getKey())) {
                    throw ApiProblem.badRequest("a field name holds a control character; send plain text");
                }
                controlCharacters(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** 415 unless the request says it sends JSON in UTF-8 (no charset means UTF-8). */
    static void requireJson(HttpRequest<?> request) {
        MediaType type = request.getContentType().orElse(null);
        if (type == null) {
            throw unsupported("the request has no Content-Type; send the body as JSON with Content-Type:"
                    + " application/json");
        }
        boolean json = type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase(Locale.ROOT)
                        .endsWith("+json"));
        if (!json) {
            throw unsupported("Content-Type " + printable(type.getName()) + " is not accepted here; send the body as"
                    + " JSON with Content-Type: application/json");
        }
        String charset = type.getParameters().get("charset").orElse(null);
        if (charset != null && !charset.strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
            throw unsupported("charset " + printable(charset) + " is not accepted; JSON bodies are UTF-8"
                    + " (Content-Type: application/json or application/json; charset=utf-8)");
        }
    }

    private static ApiProblem unsupported(String detail) {
        return ApiProblem.unsupportedMediaType(detail);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiProblem.badRequest("the body is not UTF-8 text; send JSON in UTF-8");
        }
    }

    private static String fieldName(JsonMappingException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? printable(r.getFieldName())
                : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "the body" : "field '" + path + "'";
    }

    private static String where(List<JsonMappingException.Reference> path, int skipLast) {
        if (path.size() <= skipLast) {
            return "";
        }
        String parent = path.subList(0, path.size() - skipLast).stream()
                .map(r -> r.getFieldName() != null ? printable(r.getFieldName()) : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return " in '" + parent + "'";
    }

    /** A Java type in JSON's words. */
    static String shape(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String fields(Collection<Object> known) {
        return known == null || known.isEmpty() ? "none" : known.stream().map(String::valueOf).sorted()
                .collect(Collectors.joining(", "));
    }

    /** A value quoted back, without control characters and at most 100 characters. */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(100).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 100 ? out + "..." : out.toString();
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The fields of {@code type}, for documentation. */
    static List<String> fieldsOf(Class<? extends Record> type) {
        return java.util.Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
