package dev.netpolauditor.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.build.EngineFingerprint;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine version is the release plus a fingerprint of the engine's own compiled code: the
 * same code gives the same version (a rebuild shares stored analyses), a change to any class
 * of engine, analysis or model gives another, and nothing else (no build time) enters it.
 */
class EngineVersionTest {
    @TempDir
    Path tmp;

    @Test
    void theVersionIsTheReleaseAndTheEnginesFingerprint() throws Exception {
        assertTrue(EngineVersion.current().matches("\\d+\\.\\d+\\.\\d+\\+engine\\.[0-9a-f]{16}"), EngineVersion.current());
        Properties built = new Properties();
        try (InputStream in = EngineVersion.class.getResourceAsStream("/netpol-auditor-engine.properties")) {
            assertTrue(in != null, "the build writes netpol-auditor-engine.properties");
            built.load(in);
        }
        assertEquals(built.getProperty("engine.fingerprint"), EngineVersion.computed(),
                "the build's fingerprint and the service's own computation agree");
        assertTrue(EngineVersion.current().endsWith(built.getProperty("engine.fingerprint")));
    }

    @Test
    void theSameCodeGivesTheSameFingerprintAndAnyChangeAnother() throws Exception {
        Path classes = Path.of("target", "classes");
        Path copy = tmp.resolve("classes");
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.toList()) {
                Path target = copy.resolve(classes.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        String original = EngineFingerprint.of(classes);
        assertEquals(original, EngineFingerprint.of(copy), "a copy of the same classes");

        Files.writeString(copy.resolve("dev/netpolauditor/cli/Unrelated.class"), "not the engine");
        assertEquals(original, EngineFingerprint.of(copy), "code outside engine, analysis and model does not count");

        Path portSet = copy.resolve("dev/netpolauditor/model/PortSet.class");
        byte[] bytes = Files.readAllBytes(portSet);
        bytes[bytes.length - 1] ^= 1;
        Files.write(portSet, bytes);
        assertNotEquals(original, EngineFingerprint.of(copy), "one byte of the engine changed");
    }
}
