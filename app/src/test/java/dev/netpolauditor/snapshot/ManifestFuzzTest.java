package dev.netpolauditor.snapshot;

import dev.netpolauditor.fuzz.Fuzzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifest reader fuzzed (see {@link Fuzzer}): whatever the bytes, reading them as a YAML
 * or a JSON manifest file ends, quickly, either in objects or in a one-line
 * {@link ManifestException} in our words — never another exception, a hang, or a message on
 * several lines or naming a Java class.
 */
class ManifestFuzzTest {

    @Test
    void yaml() {
        Fuzzer.run("manifest-yaml", bytes -> read(bytes, false));
    }

    @Test
    void json() {
        Fuzzer.run("manifest-json", bytes -> read(bytes, true));
    }

    static void read(byte[] bytes, boolean json) {
        List<Map<String, Object>> objects = new ArrayList<>();
        try {
            DocumentParser.DocumentSink sink = (index, document) -> {
                if (document instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) map;
                    objects.add(object);
                }
            };
            if (json) {
                DocumentParser.parseJson("fuzz.json", bytes, sink);
            } else {
                DocumentParser.parseYaml("fuzz.yaml", bytes, sink);
            }
            ManifestReader.fromObjects("fuzz.yaml", objects);
        } catch (ManifestException expected) {
            String message = expected.getMessage();
            if (message.contains("\n") || message.contains("\r")) {
                throw new AssertionError("a message on several lines: " + message);
            }
            if (message.matches(".*\\b(java|javax|org|com)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*")) {
                throw new AssertionError("a Java class in the message: " + message);
            }
        }
    }
}
