package dev.netpolauditor.cli;

import io.micronaut.runtime.Micronaut;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Starts the service: scheduled snapshots into PostgreSQL, the REST API, health and metrics. */
@CommandLine.Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the netpol-auditor service: snapshots of the configured clusters on a schedule, "
                + "kept in PostgreSQL, and the REST API (/api/v1, OpenAPI under /openapi/), health "
                + "(/health/readiness, /health/liveness) and Prometheus metrics (/prometheus).",
            "With no settings it starts an embedded PostgreSQL (data in ~/.netpol-auditor/postgres) and "
                + "snapshots the demo manifests it ships with."},
        footer = {"", "Settings (environment variables; any Micronaut setting also works as --name=value):",
            "  NETPOL_AUDITOR_KUBECONFIG=~/.kube/config   snapshot this cluster instead of the demo",
            "  NETPOL_AUDITOR_CONTEXT=prod                 a kubeconfig context other than the current one",
            "  NETPOL_AUDITOR_IN_CLUSTER=true              snapshot the cluster the service runs in",
            "  NETPOL_AUDITOR_CLUSTER_NAME=prod-eu         the name snapshots are kept under",
            "  NETPOL_AUDITOR_SCHEDULE='0 * * * *'         when to snapshot (cron; default hourly)",
            "  NETPOL_AUDITOR_PAGE_SIZE=500                objects per LIST page (default 500); an expired",
            "                                              continue token is answered by one LIST without limit",
            "  NETPOL_AUDITOR_DATABASE_URL=jdbc:postgresql://db:5432/netpol   an external PostgreSQL",
            "  NETPOL_AUDITOR_DATABASE_USERNAME, NETPOL_AUDITOR_DATABASE_PASSWORD",
            "  NETPOL_AUDITOR_DATA_DIR=/var/lib/netpol-auditor   the embedded PostgreSQL's data directory",
            "  NETPOL_AUDITOR_PORT=8080                    HTTP port",
            "  NETPOL_AUDITOR_LOG_FORMAT=json              one JSON object per log line",
            "  NETPOL_AUDITOR_SMTP_HOST=smtp.example.com   mail relay for subscribed reports (none: not mailed)",
            "  NETPOL_AUDITOR_SMTP_PORT=587, NETPOL_AUDITOR_SMTP_TLS=starttls|tls|none",
            "  NETPOL_AUDITOR_SMTP_USER, NETPOL_AUDITOR_SMTP_PASSWORD   SMTP credentials (none: no login)",
            "  NETPOL_AUDITOR_MAIL_FROM=netpol-auditor@example.com   From address of the mailed reports",
            "Several clusters: list them under netpol-auditor.clusters in a YAML file given by",
            "MICRONAUT_CONFIG_FILES (see the README)."})
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Unmatched
    String[] micronautArgs = new String[0];

    @Override
    public Integer call() {
        try {
            Micronaut.build(micronautArgs).mainClass(ServeCommand.class).banner(false).start();
            return Cli.KEEP_RUNNING;
        } catch (RuntimeException e) {
            System.err.println("netpol-auditor: cannot start: " + reason(e));
            return 1;
        }
    }

    /** The message that says what to fix: ours (configuration, database), not the framework's wrapping. */
    static String reason(Throwable e) {
        String found = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException) && t.getMessage() != null) {
                found = t.getMessage();
            }
            if (t.getCause() == null && found == null) {
                found = t.getMessage() == null ? t.toString() : t.getMessage();
            }
        }
        return found;
    }
}
