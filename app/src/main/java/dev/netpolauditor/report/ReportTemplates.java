package dev.netpolauditor.report;

import dev.netpolauditor.analysis.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The texts and styles of the report: {@code report.yaml} (branding, colours, sheet names,
 * column headers) and {@code email.yaml} (subject and body), bundled under
 * {@code reports/templates/} on the classpath. An override directory may hold either file
 * with any subset of the keys; the rest keep the bundled value.
 *
 * <p>Keys are the dotted paths of the YAML mappings ({@code colours.severity.high}). Every
 * key of an override must exist in the bundled file; values are text; colours are
 * {@code RRGGBB}; sheet names must be acceptable to Excel with room for a {@code " (2)"}
 * suffix. Anything else is a {@link TemplateException} naming the file and the key.
 */
public final class ReportTemplates {
    public static final List<String> FILES = List.of("report.yaml", "email.yaml");
    private static final String BUNDLED = "/reports/templates/";
    private static final Pattern COLOUR = Pattern.compile("[0-9A-Fa-f]{6}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z-]+)}");
    /** Excel allows 31 characters; splitting adds " (NN)". */
    static final int MAX_SHEET_NAME = 25;

    private final Map<String, String> values;

    private ReportTemplates(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** An error in a template file, naming the file and, where there is one, the key. */
    public static final class TemplateException extends Exception {
        public TemplateException(String message) {
            super(message);
        }
    }

    /** The bundled templates. */
    public static ReportTemplates bundled() {
        try {
            return load(null);
        } catch (TemplateException e) {
            throw new IllegalStateException("the bundled report templates are invalid: " + e.getMessage(), e);
        }
    }

    /** The bundled templates with the files of {@code directory} (null: none) laid over them. */
    public static ReportTemplates load(Path directory) throws TemplateException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Map<String, String>> byFile = new LinkedHashMap<>();
        for (String file : FILES) {
            Map<String, String> bundled = new LinkedHashMap<>();
            flatten("bundled " + file, parse("bundled " + file, bundledText(file)), "", bundled, null);
            byFile.put(file, bundled);
            values.putAll(bundled);
        }
        if (directory != null) {
            if (!Files.isDirectory(directory)) {
                throw new TemplateException("--templates " + directory + ": not a directory");
            }
            checkFiles(directory);
            for (String file : FILES) {
                Path path = directory.resolve(file);
                if (Files.exists(path)) {
                    String text;
                    try {
                        text = Files.readString(path, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new TemplateException(path + ": cannot read: " + e.getMessage());
                    }
                    Map<String, String> override = new LinkedHashMap<>();
                    flatten(path.toString(), parse(path.toString(), text), "", override, byFile.get(file));
                    values.putAll(override);
                }
            }
        }
        validate(values);
        return new ReportTemplates(values);
    }

    private static void checkFiles(Path directory) throws TemplateException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if ((name.endsWith(".yaml") || name.endsWith(".yml")) && !FILES.contains(name)) {
                    throw new TemplateException(p + ": unknown template file (known: " + String.join(", ", FILES) + ")");
                }
            }
        } catch (IOException e) {
            throw new TemplateException("--templates " + directory + ": cannot list: " + e.getMessage());
        }
    }

    private static String bundledText(String file) {
        try (InputStream in = ReportTemplates.class.getResourceAsStream(BUNDLED + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled report template " + BUNDLED + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object parse(String file, String text) throws TemplateException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try {
            Object doc = new Yaml(new SafeConstructor(options)).load(text);
            return doc == null ? Map.of() : doc;
        } catch (YAMLException e) {
            throw new TemplateException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    /**
     * Adds the leaves of {@code node} under dotted keys. With {@code known} (an override), a
     * key must be one of its keys.
     */
    private static void flatten(String file, Object node, String prefix, Map<String, String> out,
            Map<String, String> known) throws TemplateException {
        String where = prefix.isEmpty() ? "the top level" : "'" + prefix + "'";
        if (!(node instanceof Map<?, ?> map)) {
            throw new TemplateException(file + ": " + where + " must be a mapping of keys");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + String.valueOf(e.getKey());
            Object value = e.getValue();
            if (value instanceof Map<?, ?>) {
                if (known != null && known.keySet().stream().noneMatch(k -> k.startsWith(key + "."))) {
                    throw new TemplateException(file + ": unknown key '" + key + "'" + suggestion(key, known));
                }
                flatten(file, value, key + ".", out, known);
                continue;
            }
            if (known != null && !known.containsKey(key)) {
                throw new TemplateException(file + ": unknown key '" + key + "'" + suggestion(key, known));
            }
            if (!(value instanceof String text)) {
                throw new TemplateException(file + ": '" + key + "' must be text"
                        + (value == null ? ", not empty (write \"\" for no text)" : ", not " + describe(value)
                                + " (quote it)"));
            }
            out.put(key, text);
            if (key.startsWith("colours.") && !COLOUR.matcher(text).matches()) {
                throw new TemplateException(file + ": '" + key + "': '" + text + "' is not a colour (\"RRGGBB\")");
            }
            if (key.startsWith("sheets.")) {
                String problem = sheetNameProblem(text);
                if (problem != null) {
                    throw new TemplateException(file + ": '" + key + "': sheet name '" + text + "' " + problem);
                }
            }
        }
    }

    private static String describe(Object value) {
        return switch (value) {
            case List<?> l -> "a list";
            case Number n -> "the number " + n;
            case Boolean b -> "the boolean " + b;
            default -> value.getClass().getSimpleName();
        };
    }

    private static String suggestion(String key, Map<String, String> known) {
        String section = key.contains(".") ? key.substring(0, key.lastIndexOf('.') + 1) : "";
        TreeSet<String> siblings = new TreeSet<>();
        for (String k : known.keySet()) {
            if (k.startsWith(section)) {
                String rest = k.substring(section.length());
                siblings.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
            }
        }
        return siblings.isEmpty() ? "" : " (known here: " + String.join(", ", siblings) + ")";
    }

    private static String sheetNameProblem(String name) {
        if (name.isBlank()) {
            return "is empty";
        }
        if (name.length() > MAX_SHEET_NAME) {
            return "is longer than " + MAX_SHEET_NAME + " characters";
        }
        for (char c : name.toCharArray()) {
            if (":\\/?*[]".indexOf(c) >= 0) {
                return "contains '" + c + "' (Excel refuses : \\ / ? * [ ])";
            }
        }
        if (name.startsWith("'") || name.endsWith("'")) {
            return "starts or ends with an apostrophe";
        }
        return null;
    }

    private static void validate(Map<String, String> values) throws TemplateException {
        Map<String, String> keyBySheetName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith("sheets.")) {
                String other = keyBySheetName.putIfAbsent(e.getValue(), e.getKey());
                if (other != null) {
                    throw new TemplateException("'" + other + "' and '" + e.getKey() + "' name the same sheet '"
                            + e.getValue() + "'");
                }
            }
        }
    }

    /** The text of {@code key}; a key the bundled templates do not have is a programming error. */
    public String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no report template key '" + key + "'");
        }
        return value;
    }

    /** The colour of {@code key} as {@code RRGGBB}, upper case. */
    public String colour(String key) {
        return text(key).toUpperCase(java.util.Locale.ROOT);
    }

    /** The fill colour of a severity. */
    public String severityColour(Severity severity) {
        return colour("colours.severity." + severity.wireName());
    }

    /** Every key and its value, in file order (bundled order, overrides in place). */
    public Map<String, String> values() {
        return values;
    }

    public String emailSubject(ComplianceReport report) {
        return substitute(text("subject"), emailVariables(report));
    }

    public String emailBody(ComplianceReport report) {
        return substitute(text("body"), emailVariables(report));
    }

    private Map<String, String> emailVariables(ComplianceReport report) {
        ComplianceReport.Summary s = report.summary();
        ComplianceReport.Header h = report.header();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("title", text("branding.title"));
        v.put("organisation", text("branding.organisation"));
        v.put("cluster", h.cluster());
        v.put("source", h.source());
        v.put("audit-date", String.valueOf(h.auditDate()));
        v.put("generated-at", String.valueOf(h.generatedAt()));
        v.put("score", String.valueOf(s.score()));
        v.put("endpoints", String.valueOf(s.endpoints()));
        v.put("open", String.valueOf(s.openFindings()));
        v.put("high", String.valueOf(s.open(Severity.HIGH)));
        v.put("medium", String.valueOf(s.open(Severity.MEDIUM)));
        v.put("low", String.valueOf(s.open(Severity.LOW)));
        v.put("excepted", String.valueOf(s.exceptedFindings()));
        v.put("controls-failed", String.valueOf(s.controlsFailed()));
        return v;
    }

    /** The text of {@code key} with its {@code ${name}} placeholders filled from {@code variables}. */
    public String fill(String key, Map<String, String> variables) {
        return substitute(text(key), variables);
    }

    /** Replaces {@code ${name}} by its value; an unknown name stays as written. */
    static String substitute(String text, Map<String, String> variables) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
