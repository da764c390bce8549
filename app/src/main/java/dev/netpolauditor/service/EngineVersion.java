package dev.netpolauditor.service;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The version stamped on every analysis: the release ({@code 0.1.0}) and a fingerprint of the
 * engine's own code, e.g. {@code 0.1.0+engine.3f9c2a17d04b6e85}. A stored analysis is shared
 * only with snapshots of the same engine version, so a rebuild of the same code shares them
 * (no build time in it) and any change to the engine, analysis or model classes does not.
 *
 * <p>The fingerprint is written at build time (build-tools' {@code EngineFingerprint}, into
 * {@code netpol-auditor-engine.properties}); when it is missing (classes compiled outside the
 * build), the same hash is computed here from the classes the service runs.
 */
public final class EngineVersion {
    static final List<String> PACKAGES = List.of("dev/netpolauditor/analysis/", "dev/netpolauditor/engine/",
            "dev/netpolauditor/model/");
    private static volatile String current;

    private EngineVersion() {}

    public static String current() {
        String version = current;
        if (version == null) {
            version = release() + "+engine." + fingerprint();
            current = version;
        }
        return version;
    }

    /** The project version without -SNAPSHOT: a development build of the same code is the same engine. */
    static String release() {
        Properties p = properties("/netpol-auditor-build.properties");
        String version = p.getProperty("version", "dev");
        if (version.startsWith("${")) {
            return "dev";
        }
        return version.endsWith("-SNAPSHOT") ? version.substring(0, version.length() - "-SNAPSHOT".length()) : version;
    }

    static String fingerprint() {
        String built = properties("/netpol-auditor-engine.properties").getProperty("engine.fingerprint");
        if (built != null && built.matches("[0-9a-f]{16}")) {
            return built;
        }
        try {
            return computed();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The fingerprint of the classes this runs, hashed as the build hashes them. */
    static String computed() throws IOException {
        CodeSource source = EngineVersion.class.getProtectionDomain().getCodeSource();
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot locate the classes: " + e.getMessage());
        }
        TreeMap<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> walk = Files.walk(location)) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String relative = location.relativize(p).toString().replace('\\', '/');
                    if (PACKAGES.stream().anyMatch(relative::startsWith)) {
                        files.put(relative, Files.readAllBytes(p));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : jar.stream().toList()) {
                    String name = entry.getName();
                    if (name.endsWith(".class") && PACKAGES.stream().anyMatch(name::startsWith)) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(name, in.readAllBytes());
                        }
                    }
                }
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    private static Properties properties(String resource) {
        Properties p = new Properties();
        try (InputStream in = EngineVersion.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // absent: the caller falls back
        }
        return p;
    }
}
