package dev.netpolauditor.cli;

import dev.netpolauditor.ops.PortCheck;
import dev.netpolauditor.ops.SettingsCheck;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
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
            "  NETPOL_AUDITOR_DATA_DIR=/var/lib/netpol-auditor   the embedded PostgreSQL's data directory (0700;",
            "      its generated password in netpol-auditor.password, 0600; one service at a time)",
            "  NETPOL_AUDITOR_PORT=8080                    HTTP port",
            "  NETPOL_AUDITOR_LOG_FORMAT=json              one JSON object per log line",
            "  NETPOL_AUDITOR_SMTP_HOST=smtp.example.com   mail relay for subscribed reports (none: not mailed)",
            "  NETPOL_AUDITOR_SMTP_PORT=587, NETPOL_AUDITOR_SMTP_TLS=starttls|tls|none",
            "  NETPOL_AUDITOR_SMTP_USER, NETPOL_AUDITOR_SMTP_PASSWORD   SMTP credentials (none: no login)",
            "  NETPOL_AUDITOR_MAIL_FROM=netpol-auditor@example.com   From address of the mailed reports",
            "  NETPOL_AUDITOR_EXCEPTION_MAX_LENGTH=P1Y     how far ahead an exception managed in the service",
            "      may expire; NETPOL_AUDITOR_EXCEPTION_REMINDER=P14D: its owner is mailed that long before",
            "  NETPOL_AUDITOR_REVIEW_INTERVAL=P6M          how long a periodic review keeps PCI DSS 1.2.7 passing",
            "  --netpol-auditor.database.watch-interval=2s   how often the database is asked whether it answers",
            "      (watch-timeout=1s bounds each question); while it does not: readiness down, API 503 at once",
            "Several clusters: list them under netpol-auditor.clusters in a YAML file given by",
            "MICRONAUT_CONFIG_FILES (see the README). An unknown key under netpol-auditor., an unknown",
            "NETPOL_AUDITOR_* variable or a cluster name that is not a DNS label stops the start, naming it."})
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Unmatched
    String[] micronautArgs = new String[0];

    @Override
    public Integer call() {
        ApplicationContext context = Micronaut.build(micronautArgs).mainClass(ServeCommand.class).banner(false).build();
        try {
            // before anything runs (no database, no snapshot): the settings, then the port
            context.getEnvironment().start();
            SettingsCheck.check(context.getEnvironment());
            PortCheck.requireFree(context.getEnvironment());
            context.start();
            context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (context.isRunning()) {
                    context.close();
                }
            }, "netpol-auditor-shutdown"));
            return Cli.KEEP_RUNNING;
        } catch (RuntimeException e) {
            System.err.println("netpol-auditor: cannot start: " + reason(e));
            try {
                if (context.isRunning()) {
                    context.close();
                }
            } catch (RuntimeException closing) {
                // the start failed already; its reason is what matters
            }
            return 1;
        }
    }

    /**
     * The message that says what to fix, on one line: ours (settings, port, database) when we
     * raised one, not the framework's wrapping; otherwise the innermost message, without the
     * names of Java classes.
     */
    static String reason(Throwable e) {
        String ours = null;
        String innermost = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException) && t.getMessage() != null
                    && t.getClass().getName().startsWith("dev.netpolauditor") | isPlainOurs(t)) {
                ours = ours == null ? t.getMessage() : ours;
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                innermost = t.getMessage();
            }
            if (t instanceof java.net.BindException) {
                return "the HTTP port is in use: another program listens there; stop it, or set NETPOL_AUDITOR_PORT"
                        + " to a free port";
            }
        }
        String message = ours != null ? ours : innermost != null ? innermost : "no reason given";
        String oneLine = message.strip().replaceAll("\\s*\\R\\s*", "; ");
        return oneLine.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ?", "");
    }

    /** A plain IllegalArgument/IllegalStateException thrown by our code (checked by its stack). */
    private static boolean isPlainOurs(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("dev.netpolauditor");
    }
}
