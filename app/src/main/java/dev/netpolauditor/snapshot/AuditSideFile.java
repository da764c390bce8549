package dev.netpolauditor.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the audit's small YAML side files, the tenants file ({@link TenantsFile}), the exceptions
 * file ({@link ExceptionsFile}) and the justifications file ({@link JustificationsFile}), share: reading with a size limit and readable I/O
 * errors, the hardened YAML parser of the manifests (one document), closed key sets,
 * namespace names and dates. Every error is a one-line {@link ManifestException} that starts with the
 * file as the user gave it.
 */
final class AuditSideFile {
    private AuditSideFile() {}

    /** These files are a few kilobytes; anything this large is not one. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** The single YAML document of {@code file} (null when the file holds none). */
    static Object document(Path file, String label) throws ManifestException {
        byte[] bytes = bytes(file, label);
        List<Object> documents = new ArrayList<>();
        DocumentParser.parseYaml(label, bytes, (index, document) -> {
            if (document != null) {
                documents.add(document);
            }
            if (documents.size() > 1) {
                throw new ManifestException(label + ": holds more than one YAML document (a second '---'?), expected one");
            }
        });
        return documents.isEmpty() ? null : documents.getFirst();
    }

    private static byte[] bytes(Path file, String label) throws ManifestException {
        try {
            if (Files.isDirectory(file)) {
                throw new ManifestException(label + ": is a directory, expected a YAML file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw tooLarge(label);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw tooLarge(label);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new ManifestException(label + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new ManifestException(label + ": permission denied", e);
        } catch (IOException e) {
            throw new ManifestException(label + ": cannot read: " + e, e);
        }
    }

    private static ManifestException tooLarge(String label) {
        return new ManifestException(label + ": larger than " + (MAX_BYTES >> 20) + " MiB, refusing to read it");
    }

    /**
     * The entries of a file that holds one list: under the top-level key {@code key} (its only
     * key), or the list alone, or nothing (no entries). Each entry is read by {@code entry};
     * messages name the file as {@code file.toString()}; entries keep the file's order.
     */
    static <T> List<T> list(Path file, String key, Function<Field, T> entry) throws ManifestException {
        String name = file.toString();
        Object document = document(file, name);
        try {
            Field root = Field.root(document);
            Field list = switch (root.value()) {
                case null -> root;
                case List<?> l -> root;
                case Map<?, ?> m -> {
                    entries(root, List.of(key));
                    yield root.get(key);
                }
                default -> throw root.invalid("the document is " + Field.describe(root.value())
                        + ", expected a mapping with the key '" + key + "' holding a list of " + key);
            };
            List<T> out = new ArrayList<>();
            for (Field item : list.items()) {
                out.add(entry.apply(item));
            }
            return List.copyOf(out);
        } catch (FieldException e) {
            throw error(name, e);
        }
    }

    /** An entry of such a list: a mapping whose keys must be among {@code keys}. */
    static void entry(Field entry, List<String> keys) {
        if (!(entry.value() instanceof Map<?, ?>)) {
            throw entry.invalid("expected a mapping with the keys " + String.join(", ", keys) + ", got "
                    + Field.describe(entry.value()));
        }
        entries(entry, keys);
    }

    /** A field error of the file, as {@code file: path: problem}. */
    static ManifestException error(String label, FieldException e) {
        return new ManifestException(label + ": " + e.getMessage(), e);
    }

    /** The entries of a mapping whose keys must be among {@code known} (listed in the message otherwise). */
    static List<Map.Entry<String, Field>> entries(Field mapping, List<String> known) {
        List<Map.Entry<String, Field>> entries = mapping.entries();
        for (Map.Entry<String, Field> e : entries) {
            if (!known.contains(e.getKey())) {
                throw e.getValue().invalid("unknown key " + Field.quote(e.getKey()) + " (known keys: "
                        + String.join(", ", known) + ")");
            }
        }
        return entries;
    }

    /** A string with something other than blanks in it. */
    static String text(Field field) {
        if (field.absent()) {
            throw field.invalid("missing, expected a non-empty string");
        }
        if (!(field.value() instanceof String s)) {
            throw field.invalid("expected a string, got " + Field.describe(field.value()) + quoteHint(field.value()));
        }
        if (s.isBlank()) {
            throw field.invalid("empty, expected a non-empty string");
        }
        return s;
    }

    /** A namespace name: an RFC 1123 label, as the API server requires. */
    static String namespace(Field field) {
        String name = text(field);
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            throw field.invalid(Field.quote(name) + " is not a namespace name (1-63 characters of lower-case"
                    + " letters, digits and '-', beginning and ending with a letter or digit)");
        }
        return name;
    }

    /** Unquoted {@code 2024} or {@code yes} in YAML is a number or boolean, not a string. */
    private static String quoteHint(Object value) {
        return value instanceof Number || value instanceof Boolean ? " (quote it)" : "";
    }

    /**
     * A date. The manifests' parser keeps an unquoted {@code 2027-03-31} a string; an explicit
     * {@code !!timestamp} arrives as a {@link Date} at UTC midnight, read back in UTC.
     */
    static LocalDate date(Field field) {
        switch (field.value()) {
            case null -> throw field.invalid("missing, expected a date YYYY-MM-DD");
            case String s -> {
                try {
                    return LocalDate.parse(s.strip());
                } catch (DateTimeParseException e) {
                    throw field.invalid(Field.quote(s) + " is not a date: expected YYYY-MM-DD, e.g. 2027-03-31");
                }
            }
            case Date d -> {
                OffsetDateTime utc = d.toInstant().atOffset(ZoneOffset.UTC);
                if (!utc.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                    throw field.invalid("the timestamp " + utc + " has a time of day: expected a date YYYY-MM-DD");
                }
                return utc.toLocalDate();
            }
            default -> throw field.invalid("expected a date YYYY-MM-DD, got " + Field.describe(field.value()));
        }
    }
}
