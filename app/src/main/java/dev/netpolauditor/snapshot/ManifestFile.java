package dev.netpolauditor.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

    /**
     * Every {@code *.yaml}, {@code *.yml} and {@code *.json} file under {@code dir}, in plain
     * string order of the relative path. Refused, with the entry named: a manifest name that is
     * not a regular file (a FIFO, socket or device, which would block or never end, a symbolic
     * link to nothing, a link loop), and any symbolic link that leads out of {@code dir}. A
     * link to a file inside {@code dir} is read; a link to a directory inside it is not
     * followed (its files are read where they are).
     */
    static List<ManifestFile> list(Path dir) throws ManifestException {
        if (!Files.isDirectory(dir)) {
            throw new ManifestException(dir + ": not a directory");
        }
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw new ManifestException(dir + ": cannot resolve the directory: " + reason(e), e);
        }
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new ManifestException(dir + ": cannot list the manifest files: " + reason(cause), e);
        }
        List<ManifestFile> files = new ArrayList<>();
        for (Path p : entries) {
            ManifestFile file = new ManifestFile(p, relative(root, p));
            if (file.accepted(root)) {
                files.add(file);
            }
        }
        files.sort(Comparator.comparing(ManifestFile::relative));
        return files;
    }

    /** Whether this entry is a manifest to read; a manifest name that cannot be one is refused. */
    private boolean accepted(Path root) throws ManifestException {
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ManifestException(relative + ": cannot read: " + reason(e), e);
        }
        boolean manifestName = isManifestName(path);
        if (own.isSymbolicLink()) {
            Path target;
            try {
                target = path.toRealPath();
            } catch (NoSuchFileException e) {
                throw new ManifestException(relative + ": a symbolic link to " + linkTarget() + ", which does not exist");
            } catch (FileSystemException e) {
                throw new ManifestException(relative + ": a symbolic link that cannot be resolved (" + reason(e)
                        + "; a link loop?)", e);
            } catch (IOException e) {
                throw new ManifestException(relative + ": cannot resolve the symbolic link: " + reason(e), e);
            }
            if (!target.startsWith(root)) {
                throw new ManifestException(relative + ": a symbolic link to " + target + ", outside the manifests"
                        + " directory " + root + "; refusing to follow it (copy the file in, or point --manifests at"
                        + " a directory that holds it)");
            }
            if (Files.isDirectory(target) || !manifestName) {
                return false; // a directory inside: its files are read where they are
            }
            return regularFile(target);
        }
        if (!manifestName || own.isDirectory()) {
            return false;
        }
        return regularFile(path);
    }

    private boolean regularFile(Path file) throws ManifestException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ManifestException(relative + ": cannot read: " + reason(e), e);
        }
        if (attributes.isRegularFile()) {
            return true;
        }
        if (attributes.isDirectory()) {
            return false;
        }
        throw new ManifestException(relative + ": not a regular file (a FIFO, socket or device); manifests must be"
                + " plain files, refusing to read it");
    }

    private String linkTarget() {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            return "a path";
        }
    }

    /** An I/O failure in our words: what failed and where, never the exception's class. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /** The file's bytes; a file over 64 MiB is refused before it is read, anything but a regular file unopened. */
    byte[] read() throws ManifestException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new ManifestException(relative + ": not a regular file; refusing to read it");
            }
            if (attributes.size() > MAX_BYTES) {
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
            throw new ManifestException(relative + ": cannot read: " + reason(e), e);
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
