package dev.netpolauditor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that cannot start says why on one line, with no stack trace: the port in use
 * (found before anything runs: no database started, no snapshot taken), a setting that does
 * not exist or a cluster name that is not one, a database that cannot be had.
 */
class StartErrorsTest {
    @TempDir
    Path tmp;

    /** The service's whole output, after checking it ended with status 1 and said why on one line. */
    private String failedStart(Map<String, String> env, String expected) throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess service = ServiceProcess.start(tmp.resolve("out.log"), port, env)) {
            assertEquals(1, service.awaitExit(Duration.ofSeconds(90)), service::toString);
            String output = service.output();
            List<String> said = output.lines().filter(l -> l.startsWith("netpol-auditor: cannot start: ")).toList();
            assertEquals(1, said.size(), output);
            assertTrue(said.getFirst().contains(expected), output);
            assertFalse(output.contains("\tat ") || output.contains("Exception"), "no stack trace:\n" + output);
            return output;
        }
    }

    @Test
    void aPortInUseStopsTheStartBeforeAnythingRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Path data = tmp.resolve("postgres");
            Map<String, String> env = Map.of("NETPOL_AUDITOR_DATA_DIR", data.toString(),
                    "NETPOL_AUDITOR_PORT", Integer.toString(taken.getLocalPort()));
            String output = failedStart(env, "port " + taken.getLocalPort() + " is in use");
            assertFalse(Files.exists(data), "no database was started:\n" + output);
            assertFalse(output.contains("snapshot"), output);
        }
    }

    @Test
    void anUnknownSettingAndAClusterNameThatIsNoneStopTheStart() throws Exception {
        Path clusters = Files.writeString(tmp.resolve("clusters.yml"), """
                netpol-auditor:
                  clusters:
                    Prod_EU:
                      manifests: /srv/manifests
                    staging:
                      manifests: /srv/staging
                      tenant-labl: team
                """);
        Map<String, String> env = Map.of("MICRONAUT_CONFIG_FILES", clusters.toString(),
                "NETPOL_AUDITOR_DATA_DIR", tmp.resolve("postgres").toString());
        String output = failedStart(env, "netpol-auditor.clusters.Prod_EU: a cluster name is a DNS label");
        assertTrue(output.contains("did you mean prod-eu?"), output);
        assertTrue(output.contains("netpol-auditor.clusters.staging.tenant-labl: unknown setting; did you mean"
                + " netpol-auditor.clusters.staging.tenant-label?"), output);
        assertFalse(Files.exists(tmp.resolve("postgres")), output);
    }

    @Test
    void aMistypedVariableStopsTheStart() throws Exception {
        failedStart(Map.of("NETPOL_AUDITOR_DATA_DIR", tmp.resolve("postgres").toString(),
                "NETPOL_AUDITOR_SMTP_HOTS", "smtp.example.com"),
                "environment variable NETPOL_AUDITOR_SMTP_HOTS: unknown; did you mean NETPOL_AUDITOR_SMTP_HOST?");
    }

    @Test
    void aDatabaseThatCannotBeHadIsOneLine() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "not a directory");
        failedStart(Map.of("NETPOL_AUDITOR_DATA_DIR", notADirectory.resolve("postgres").toString()),
                "cannot create the embedded PostgreSQL's data directory");
    }

    @Test
    void aBadValueIsOneLine() throws Exception {
        failedStart(Map.of("NETPOL_AUDITOR_DATA_DIR", tmp.resolve("postgres").toString(),
                "NETPOL_AUDITOR_SCHEDULE", "0 0 30 2 *"), "never fires");
    }
}
