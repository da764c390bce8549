package dev.netpolauditor.service;

import dev.netpolauditor.model.NetworkPlugin;
import dev.netpolauditor.snapshot.ClusterSource;
import dev.netpolauditor.snapshot.KubeconfigFile;
import dev.netpolauditor.snapshot.KubernetesSource;
import dev.netpolauditor.snapshot.ManifestSource;
import dev.netpolauditor.snapshot.TenantsFile;
import dev.netpolauditor.snapshot.kube.KubernetesCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The clusters this service snapshots, from configuration, with their sources. Invalid
 * configuration fails the start with one message per problem, naming the setting.
 *
 * <p>Precedence: clusters listed under {@code netpol-auditor.clusters}; else the one-setting
 * shortcuts {@code netpol-auditor.kubeconfig} or {@code netpol-auditor.in-cluster}; else the demo
 * manifests shipped in the application, so a first start shows something.
 */
public final class Clusters {
    public static final String DEMO_NAME = "demo";
    public static final String DEMO_MANIFESTS = "classpath:examples/web-api-db";
    public static final String DEFAULT_SCHEDULE = "0 0 * * * *";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Map<String, ClusterSpec> specs;
    private final Map<String, ClusterSource> sources;

    public Clusters(List<ClusterSpec> specs, Map<String, ClusterSource> sources) {
        Map<String, ClusterSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        this.specs = byName;
        this.sources = Map.copyOf(sources);
    }

    /** The shortcuts, when no cluster is listed. */
    public record Shortcuts(String kubeconfig, String context, boolean inCluster, String clusterName,
            String defaultSchedule) {}

    public static Clusters fromConfiguration(Collection<ClusterProperties> listed, Shortcuts shortcuts,
            KubernetesCollector.Settings collector) {
        List<String> problems = new ArrayList<>();
        List<ClusterSpec> specs = new ArrayList<>();
        String defaultSchedule = blank(shortcuts.defaultSchedule()) ? DEFAULT_SCHEDULE : shortcuts.defaultSchedule();
        if (!listed.isEmpty()) {
            for (ClusterProperties p : listed) {
                spec(p, defaultSchedule, problems, false).ifPresent(specs::add);
            }
        } else {
            ClusterProperties p;
            if (!blank(shortcuts.kubeconfig()) || shortcuts.inCluster()) {
                String context = shortcuts.context();
                if (blank(context) && !blank(shortcuts.kubeconfig())) {
                    // named after the kubeconfig's current context, as the README says
                    try {
                        context = KubeconfigFile.read(KubernetesSource.expandHome(shortcuts.kubeconfig()), null)
                                .context();
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("invalid cluster configuration:\n  - netpol-auditor.kubeconfig"
                                + " (NETPOL_AUDITOR_KUBECONFIG): " + e.getMessage());
                    }
                }
                String name = !blank(shortcuts.clusterName()) ? shortcuts.clusterName()
                        : !blank(context) ? sanitize(context)
                        : shortcuts.inCluster() ? "in-cluster" : "default";
                p = new ClusterProperties(name);
                p.setKubeconfig(blank(shortcuts.kubeconfig()) ? null : shortcuts.kubeconfig());
                p.setContext(blank(shortcuts.context()) ? null : shortcuts.context());
                p.setInCluster(blank(shortcuts.kubeconfig()) && shortcuts.inCluster());
            } else {
                p = new ClusterProperties(DEMO_NAME);
                p.setManifests(DEMO_MANIFESTS);
            }
            spec(p, defaultSchedule, problems, true).ifPresent(specs::add);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid cluster configuration:\n  - " + String.join("\n  - ", problems));
        }
        Map<String, ClusterSource> sources = new LinkedHashMap<>();
        for (ClusterSpec s : specs) {
            sources.put(s.name(), switch (s.source()) {
                case ClusterSpec.Source.Kubernetes k -> new KubernetesSource(k.kubeconfig(), k.context(), collector, describe(k),
                        s.networkPlugins());
                case ClusterSpec.Source.Manifests m -> new ManifestSource(m.location(), s.networkPlugins());
            });
        }
        return new Clusters(specs, sources);
    }

    /** One cluster's spec, or its problems; {@code shortcut} for the one-setting configuration. */
    private static Optional<ClusterSpec> spec(ClusterProperties p, String defaultSchedule, List<String> problems,
            boolean shortcut) {
        String at = "netpol-auditor.clusters." + p.getName();
        int before = problems.size();
        if (!NAME.matcher(p.getName()).matches()) {
            problems.add(at + ": the name must be a DNS label (lower-case letters, digits and '-', at most 63)");
        }
        int kinds = (blank(p.getKubeconfig()) ? 0 : 1) + (p.isInCluster() ? 1 : 0) + (blank(p.getManifests()) ? 0 : 1);
        if (kinds != 1) {
            problems.add(at + ": set exactly one of 'kubeconfig' (with an optional 'context'), 'in-cluster: true'"
                    + " or 'manifests' (found " + kinds + ")");
        }
        String schedule = blank(p.getSchedule()) ? defaultSchedule : p.getSchedule();
        String cron = null;
        try {
            cron = Cron.normalise(schedule);
        } catch (IllegalArgumentException e) {
            String setting = blank(p.getSchedule()) ? "netpol-auditor.schedule (NETPOL_AUDITOR_SCHEDULE)"
                    : at + ".schedule";
            problems.add(setting + ": " + e.getMessage());
        }
        String context = blank(p.getContext()) ? null : p.getContext();
        if (!blank(p.getKubeconfig()) && kinds == 1) {
            try {
                context = KubeconfigFile.read(KubernetesSource.expandHome(p.getKubeconfig()), context).context();
            } catch (IllegalArgumentException e) {
                String setting = shortcut ? "netpol-auditor.kubeconfig (NETPOL_AUDITOR_KUBECONFIG)"
                        : at + ".kubeconfig";
                problems.add(setting + ": " + e.getMessage());
            }
        }
        Set<NetworkPlugin> plugins = EnumSet.noneOf(NetworkPlugin.class);
        for (String plugin : p.getNetworkPlugin()) {
            NetworkPlugin known = NetworkPlugin.byName(plugin.strip());
            if (known == null) {
                problems.add(at + ".network-plugin: unknown plugin '" + plugin + "'; name calico or cilium (the plugins"
                        + " whose own policy kinds are analysed)");
            } else {
                plugins.add(known);
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        ClusterSpec.Source source = !blank(p.getManifests()) ? new ClusterSpec.Source.Manifests(p.getManifests())
                : new ClusterSpec.Source.Kubernetes(
                        p.isInCluster() ? null : KubernetesSource.expandHome(p.getKubeconfig()), context);
        return Optional.of(new ClusterSpec(p.getName(), source, cron,
                blank(p.getTenantLabel()) ? TenantsFile.DEFAULT_LABEL : p.getTenantLabel(),
                blank(p.getTenantsFile()) ? null : Path.of(p.getTenantsFile()),
                blank(p.getExceptionsFile()) ? null : Path.of(p.getExceptionsFile()), plugins));
    }

    /**
     * How a Kubernetes source is shown ({@code GET /clusters}, logs): the kubeconfig file and the
     * context it uses, and the API server it names, fixed at start so it never changes.
     */
    private static String describe(ClusterSpec.Source.Kubernetes k) {
        if (k.inCluster()) {
            return "in-cluster service account";
        }
        String server;
        try {
            server = KubeconfigFile.read(k.kubeconfig(), k.context()).server();
        } catch (IllegalArgumentException e) {
            server = null; // checked in spec(); a file changed since is reported by the snapshot
        }
        return (server == null ? "" : server + " ") + "(kubeconfig " + k.kubeconfig() + ", context " + k.context() + ")";
    }

    public List<ClusterSpec> specs() {
        return List.copyOf(specs.values());
    }

    public Optional<ClusterSpec> spec(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    public ClusterSource source(String name) {
        ClusterSource source = sources.get(name);
        if (source == null) {
            throw new IllegalArgumentException("no cluster named " + name);
        }
        return source;
    }

    static String sanitize(String context) {
        String s = context.toLowerCase(java.util.Locale.ROOT).replaceAll("[^-a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        s = s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
        return s.isEmpty() ? "default" : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
