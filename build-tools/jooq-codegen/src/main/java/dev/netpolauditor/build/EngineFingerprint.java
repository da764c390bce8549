package dev.netpolauditor.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the fingerprint of the engine's own code — the compiled classes of the packages
 * engine, analysis and model — into the application's classes, at build time:
 * {@code engine.fingerprint=<16 hex digits>}. A stored analysis is shared only with snapshots
 * of the same engine version (the release and this fingerprint), so a rebuild of the same code
 * shares them and any change to the engine does not.
 *
 * <p>The hash: SHA-256 over each class file, in plain string order of its path under the
 * classes directory, as the path (UTF-8), a NUL byte, and the file's bytes. The service's
 * {@code EngineVersion} computes the same when this file is missing; a test holds them equal.
 *
 * <p>Arguments: the classes directory, the properties file to write.
 */
public final class EngineFingerprint {
    static final List<String> PACKAGES = List.of("dev/netpolauditor/analysis/", "dev/netpolauditor/engine/",
            "dev/netpolauditor/model/");

    private EngineFingerprint() {}

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        String fingerprint = of(classes);
        Files.writeString(Path.of(args[1]), "# the engine's own code (engine, analysis, model), hashed at build time\n"
                + "engine.fingerprint=" + fingerprint + "\n", StandardCharsets.UTF_8);
        System.out.println("engine fingerprint " + fingerprint);
    }

    public static String of(Path classes) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            walk.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String relative = classes.relativize(p).toString().replace('\\', '/');
                if (PACKAGES.stream().anyMatch(relative::startsWith)) {
                    files.put(relative, p);
                }
            });
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (var e : files.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(e.getValue()));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | UncheckedIOException e) {
            throw new IOException(e);
        }
    }
}
