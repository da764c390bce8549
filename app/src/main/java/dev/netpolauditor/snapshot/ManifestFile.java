package dev.netpolauditor.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A manifest file and its path relative to the manifests directory, with {@code /} separators. */
record ManifestFile(Path path, String relative) {

    static final int MAX_BYTES = 64 * 1024 * 1024;

    boolean isJson() {
        return relative.endsWith(".json");
    }

    /** Every {@code *.yaml}, {@code *.yml} and {@code *.json} file under {@code dir}, in plain string order of the relative path. */
    static List<ManifestFile> list(Path dir) throws ManifestException {
        if (!Files.isDirectory(dir)) {
            throw new ManifestException(dir + ": not a directory");
        }
        List<ManifestFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(ManifestFile::isManifestName)
                    .filter(Files::isRegularFile)
                    .forEach(p -> files.add(new ManifestFile(p, relative(dir, p))));
        } catch (IOException | UncheckedIOException e) {
            throw new ManifestException(dir + ": cannot list the manifest files: " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(ManifestFile::relative));
        return files;
    }

    /** The file's bytes; a file over 64 MiB is refused before it is read. */
    byte[] read() throws ManifestException {
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw tooLarge();
            }
            try (InputStream in = Files.newInputStream(path)) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1); // the file may have grown since
                if (bytes.length > MAX_BYTES) {
                    throw tooLarge();
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new ManifestException(relative + ": cannot read: " + e.getMessage(), e);
        }
    }

    private ManifestException tooLarge() {
        return new ManifestException(relative + ": larger than " + (MAX_BYTES >> 20) + " MiB, refusing to read it");
    }

    private static boolean isManifestName(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return false;
        }
        String s = name.toString();
        return s.endsWith(".yaml") || s.endsWith(".yml") || s.endsWith(".json");
    }

    private static String relative(Path dir, Path file) {
        return StreamSupport.stream(dir.relativize(file).spliterator(), false)
                .map(Path::toString)
                .collect(Collectors.joining("/"));
    }
}
