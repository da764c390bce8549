package dev.netpolauditor.ops;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The settings under {@code netpol-auditor.*}, checked before the service starts: a key the
 * service does not read (a typo such as {@code tenant-labl}, which would otherwise be ignored
 * in silence) and a cluster name that is not a DNS label (which would otherwise be renamed:
 * {@code Prod_EU} became {@code prod-eu}) stop the start, naming the key and the closest one
 * that exists. Environment variables {@code NETPOL_AUDITOR_*} are checked the same way.
 */
public final class SettingsCheck {
    static final String PREFIX = "netpol-auditor.";
    static final String CLUSTERS = PREFIX + "clusters.";
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Every key the service reads under netpol-auditor. (but the per-cluster ones). */
    public static final Set<String> KNOWN = Set.of(
            "netpol-auditor.auth.admin-token", "netpol-auditor.auth.prometheus-anonymous",
            "netpol-auditor.metrics.refresh-interval",
            "netpol-auditor.auth.oidc.issuer", "netpol-auditor.auth.oidc.audience", "netpol-auditor.auth.oidc.jwks-uri",
            "netpol-auditor.auth.oidc.roles-claim", "netpol-auditor.auth.oidc.viewer-values",
            "netpol-auditor.auth.oidc.auditor-values", "netpol-auditor.auth.oidc.admin-values",
            "netpol-auditor.auth.oidc.clock-skew", "netpol-auditor.auth.oidc.client-id",
            "netpol-auditor.auth.oidc.client-secret",
            "netpol-auditor.console.session-idle", "netpol-auditor.console.session-max",
            "netpol-auditor.compliance.exception-max-length", "netpol-auditor.compliance.exception-reminder",
            "netpol-auditor.compliance.review-interval",
            "netpol-auditor.cluster-name", "netpol-auditor.context", "netpol-auditor.in-cluster",
            "netpol-auditor.kubeconfig", "netpol-auditor.schedule", "netpol-auditor.kubernetes.page-size",
            "netpol-auditor.database.url", "netpol-auditor.database.username", "netpol-auditor.database.password",
            "netpol-auditor.database.embedded-data-dir", "netpol-auditor.database.max-pool-size",
            "netpol-auditor.database.connect-timeout", "netpol-auditor.database.watch-interval",
            "netpol-auditor.database.watch-timeout",
            "netpol-auditor.mail.enabled", "netpol-auditor.mail.from", "netpol-auditor.mail.max-attempts",
            "netpol-auditor.mail.first-retry", "netpol-auditor.mail.max-retry", "netpol-auditor.mail.smtp.host",
            "netpol-auditor.mail.smtp.port", "netpol-auditor.mail.smtp.tls", "netpol-auditor.mail.smtp.user",
            "netpol-auditor.mail.smtp.password", "netpol-auditor.mail.smtp.timeout",
            "netpol-auditor.retention.enabled", "netpol-auditor.retention.keep-all",
            "netpol-auditor.retention.keep-daily", "netpol-auditor.retention.schedule",
            "netpol-auditor.scheduler.enabled", "netpol-auditor.scheduler.polling-interval");

    /** The keys of one cluster, under netpol-auditor.clusters.NAME. */
    public static final Set<String> CLUSTER_KEYS = Set.of("kubeconfig", "context", "in-cluster", "manifests",
            "schedule", "tenant-label", "tenants-file", "exceptions-file", "network-plugin");

    /**
     * Environment variables read by name rather than as a setting's own name: the placeholders
     * of application.yml ({@code ${NETPOL_AUDITOR_PORT:8080}}), and the log format (read by the
     * logging setup, before any setting).
     */
    static final Set<String> OTHER_VARIABLES = placeholders();

    private static Set<String> placeholders() {
        Set<String> names = new TreeSet<>(Set.of("NETPOL_AUDITOR_LOG_FORMAT"));
        try (java.io.InputStream in = SettingsCheck.class.getResourceAsStream("/application.yml")) {
            if (in != null) {
                java.util.regex.Matcher m = Pattern.compile("\\$\\{(NETPOL_AUDITOR_[A-Z0-9_]+)")
                        .matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (java.io.IOException e) {
            // without the list, only the settings' own names count as known variables
        }
        return Set.copyOf(names);
    }

    private SettingsCheck() {}

    /** Stops the start, in one line, when a setting is unknown or a cluster name invalid. */
    public static void check(Environment environment) {
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid settings: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Environment environment) {
        Set<String> problems = new TreeSet<>();
        for (PropertySource source : environment.getPropertySources()) {
            for (String key : source) {
                if (source.getName().equals("env") || key.startsWith("NETPOL_AUDITOR_")) {
                    variable(key).ifPresent(problems::add);
                } else {
                    setting(key).ifPresent(problems::add);
                }
            }
        }
        return new ArrayList<>(problems);
    }

    /** What is wrong with one key of a settings file, system property or argument. */
    static Optional<String> setting(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(PREFIX) && !lower.startsWith("netpol_auditor.") && !lower.startsWith("netpolauditor.")) {
            return Optional.empty();
        }
        if (!key.startsWith(PREFIX)) {
            return Optional.of(key + ": unknown setting; settings are under netpol-auditor. (with a dash)");
        }
        if (key.startsWith(CLUSTERS)) {
            String rest = key.substring(CLUSTERS.length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return Optional.of(key + ": a cluster needs its settings under it (kubeconfig, in-cluster or"
                        + " manifests, ...)");
            }
            String name = rest.substring(0, dot);
            String property = rest.substring(dot + 1);
            if (!CLUSTER_NAME.matcher(name).matches()) {
                return Optional.of(CLUSTERS + name + ": a cluster name is a DNS label (lower-case letters, digits"
                        + " and '-', at most 63)" + suggestion(dnsLabel(name)));
            }
            // a list's items (network-plugin[0]) are the list's key
            String normal = kebab(property.replaceFirst("\\[\\d+]$", ""));
            if (!CLUSTER_KEYS.contains(normal)) {
                return Optional.of(key + ": unknown setting" + suggestion(closest(normal, CLUSTER_KEYS)
                        .map(k -> CLUSTERS + name + "." + k).orElse(null)));
            }
            return Optional.empty();
        }
        String normal = kebab(key);
        if (KNOWN.contains(normal)) {
            return Optional.empty();
        }
        return Optional.of(key + ": unknown setting" + suggestion(closest(normal, KNOWN).orElse(null)));
    }

    /** What is wrong with one environment variable: one that starts NETPOL_AUDITOR_ and means nothing. */
    static Optional<String> variable(String name) {
        if (!name.startsWith("NETPOL_AUDITOR_") || OTHER_VARIABLES.contains(name)) {
            return Optional.empty();
        }
        // a setting's own name as a variable, e.g. NETPOL_AUDITOR_DATABASE_MAX_POOL_SIZE
        for (String key : KNOWN) {
            if (asVariable(key).equals(name)) {
                return Optional.empty();
            }
        }
        if (name.startsWith("NETPOL_AUDITOR_CLUSTERS_")) {
            return Optional.empty(); // clusters are listed in a settings file; their variable forms are ambiguous
        }
        Set<String> candidates = new TreeSet<>(OTHER_VARIABLES);
        KNOWN.forEach(k -> candidates.add(asVariable(k)));
        return Optional.of("environment variable " + name + ": unknown" + suggestion(closest(name, candidates)
                .orElse(null)));
    }

    private static String asVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** camelCase and snake_case as kebab-case, as the settings are matched. */
    static String kebab(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /** The DNS label a name was probably meant to be. */
    static String dnsLabel(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^-a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? null : s.length() > 63 ? s.substring(0, 63) : s;
    }

    private static String suggestion(String closest) {
        return closest == null ? "" : "; did you mean " + closest + "?";
    }

    /** The known key nearest to {@code key} by edit distance, when it is near enough to be a typo. */
    public static Optional<String> closest(String key, Set<String> known) {
        return known.stream().min(Comparator.comparingInt((String k) -> distance(key, k)).thenComparing(k -> k))
                .filter(k -> distance(key, k) <= Math.max(2, key.length() / 3));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
