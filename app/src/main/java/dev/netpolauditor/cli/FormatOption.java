package dev.netpolauditor.cli;

import java.util.List;

/** The check every command's {@code --format} gets: one of the formats the command writes. */
final class FormatOption {
    private FormatOption() {}

    static void require(String format, List<String> available) throws InvalidInput {
        if (!available.contains(format)) {
            throw new InvalidInput("--format " + format + ": unknown format; available formats: "
                    + String.join(", ", available));
        }
    }
}
