package dev.netpolauditor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Asks a running service to re-analyse a stored snapshot with its engine: the API's
 * {@code POST .../snapshots/{snapshot}/reanalyses}, so the action is authenticated, audited and
 * done by the process that owns the database. Prints the recorded re-analysis and how its
 * findings differ from the snapshot's own analysis.
 */
@CommandLine.Command(name = "reanalyse", mixinStandardHelpOptions = true,
        description = {"Re-analyse a stored snapshot with the service's engine, through its API. The result is"
                + " stored as a new analysis beside the snapshot's own, which its reports keep using; it never"
                + " replaces it.",
            "Needs an admin API token in NETPOL_AUDITOR_TOKEN (or --token-file)."},
        footer = {"", "Example:",
            "  NETPOL_AUDITOR_TOKEN=... netpol-auditor reanalyse --url http://localhost:8080 --cluster prod \\",
            "      --snapshot 42 --settings current",
            "", "Exit status: 0 re-analysed (or recorded before), 1 the service could not be reached or failed,"
                + " 2 invalid input or the re-analysis is not possible (the message says why)."})
final class ReanalyseCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Option(names = "--url", defaultValue = "http://localhost:8080",
            description = "The service's base URL (default: ${DEFAULT-VALUE})")
    URI url;

    @CommandLine.Option(names = "--cluster", required = true, description = "The cluster's name")
    String cluster;

    @CommandLine.Option(names = "--snapshot", required = true, description = "The snapshot's id, or 'latest'")
    String snapshot;

    @CommandLine.Option(names = "--settings", defaultValue = "stored",
            description = "stored: the settings of the snapshot's own analysis (only the engine differs);"
                    + " current: the cluster's tenants and exceptions files as configured now (default: ${DEFAULT-VALUE})")
    String settings;

    @CommandLine.Option(names = "--token-file", description = "Read the API token from this file instead of"
            + " NETPOL_AUDITOR_TOKEN")
    java.nio.file.Path tokenFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return reanalyse(err);
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }

    private int reanalyse(PrintWriter err) {
        if (!settings.equals("stored") && !settings.equals("current")) {
            err.println("netpol-auditor reanalyse: --settings " + settings + ": expected stored or current");
            return 2;
        }
        String token;
        try {
            token = tokenFile != null ? java.nio.file.Files.readString(tokenFile).strip()
                    : System.getenv().getOrDefault("NETPOL_AUDITOR_TOKEN", "").strip();
        } catch (IOException e) {
            err.println("netpol-auditor reanalyse: cannot read the token file " + tokenFile + ": " + e.getMessage());
            return 2;
        }
        if (token.isEmpty()) {
            err.println("netpol-auditor reanalyse: no API token: set NETPOL_AUDITOR_TOKEN to an admin token"
                    + " (or give --token-file)");
            return 2;
        }
        String base = url.toString().replaceAll("/+$", "") + "/api/v1/clusters/" + encode(cluster) + "/snapshots/"
                + encode(snapshot) + "/reanalyses";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "?settings=" + settings))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 && answer.statusCode() != 201) {
                err.println("netpol-auditor reanalyse: " + problem(answer));
                return answer.statusCode() >= 500 ? 1 : 2;
            }
            JsonNode recorded = JSON.readTree(answer.body());
            HttpResponse<String> detail = http.send(HttpRequest.newBuilder(url.resolve(recorded.get("self").asText()))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (detail.statusCode() != 200) {
                err.println("netpol-auditor reanalyse: re-analysed, but its comparison could not be read: "
                        + problem(detail));
                return 1;
            }
            spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(detail.body())));
            err.println(answer.statusCode() == 201 ? "re-analysed: " + recorded.get("self").asText()
                    : "recorded before: " + recorded.get("self").asText());
            return 0;
        } catch (ConnectException e) {
            err.println("netpol-auditor reanalyse: cannot connect to " + url + ": is the service running there?"
                    + " (--url names it)");
            return 1;
        } catch (HttpTimeoutException e) {
            err.println("netpol-auditor reanalyse: " + url + " did not answer in time; the re-analysis may still be"
                    + " recorded: list them with GET " + base);
            return 1;
        } catch (IOException e) {
            err.println("netpol-auditor reanalyse: talking to " + url + " failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The service's problem detail, or the status when the body is not a problem document. */
    private static String problem(HttpResponse<String> answer) {
        try {
            JsonNode body = JSON.readTree(answer.body());
            if (body != null && body.hasNonNull("detail")) {
                return body.get("detail").asText() + " (HTTP " + answer.statusCode() + ")";
            }
        } catch (IOException e) {
            // not JSON: say what came back
        }
        return "the service answered HTTP " + answer.statusCode();
    }
}
