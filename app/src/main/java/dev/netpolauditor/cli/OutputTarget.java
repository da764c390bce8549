package dev.netpolauditor.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine;

/** {@code --output FILE}: stdout by default; a file is written whole or not at all. */
final class OutputTarget {

    @CommandLine.Option(names = "--output", paramLabel = "FILE",
            description = "Write to FILE instead of standard output (written to a temporary file, then moved "
                    + "into place, so a failed run leaves no partial file).")
    Path file;

    interface Body {
        void writeTo(Writer writer) throws IOException;
    }

    interface BinaryBody {
        void writeTo(OutputStream out) throws IOException;
    }

    void write(CommandLine.Model.CommandSpec spec, Body body) throws IOException {
        if (file == null) {
            Writer out = spec.commandLine().getOut();
            body.writeTo(out);
            out.flush();
            return;
        }
        atomically(temp -> {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                body.writeTo(writer);
            }
        });
    }

    /** Binary output, to {@code --output} only (the caller refuses a missing one). */
    void writeBinary(BinaryBody body) throws IOException {
        if (file == null) {
            throw new IllegalStateException("binary output needs --output");
        }
        atomically(temp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                body.writeTo(out);
            }
        });
    }

    private interface TempWriter {
        void write(Path temp) throws IOException;
    }

    private void atomically(TempWriter writer) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            writer.write(temp);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
