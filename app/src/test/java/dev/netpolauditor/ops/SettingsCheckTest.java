package dev.netpolauditor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Settings under netpol-auditor.* that the service would ignore or rename in silence stop the
 * start instead, naming the key and the one probably meant; and the list of known keys is the
 * list of keys the code reads, so a new setting cannot be refused as unknown.
 */
class SettingsCheckTest {

    private static List<String> problems(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).build()) {
            Environment environment = context.getEnvironment();
            environment.start();
            return SettingsCheck.problems(environment);
        }
    }

    @Test
    void aTypoInAClusterSettingIsAnErrorWithTheKeyMeant() {
        assertEquals(Optional.of("netpol-auditor.clusters.prod.tenant-labl: unknown setting; did you mean"
                + " netpol-auditor.clusters.prod.tenant-label?"), SettingsCheck.setting("netpol-auditor.clusters.prod.tenant-labl"));
        assertEquals(Optional.empty(), SettingsCheck.setting("netpol-auditor.clusters.prod.tenantLabel"));
        assertEquals(Optional.empty(), SettingsCheck.setting("netpol-auditor.clusters.prod-eu.in-cluster"));
    }

    @Test
    void aClusterNameThatIsNotADnsLabelIsAnErrorNotARenaming() {
        assertEquals(Optional.of("netpol-auditor.clusters.Prod_EU: a cluster name is a DNS label (lower-case letters,"
                + " digits and '-', at most 63); did you mean prod-eu?"),
                SettingsCheck.setting("netpol-auditor.clusters.Prod_EU.kubeconfig"));
    }

    @Test
    void aTypoInAServiceSettingOrVariableIsAnError() {
        assertEquals(Optional.of("netpol-auditor.mail.smtp.hots: unknown setting; did you mean"
                + " netpol-auditor.mail.smtp.host?"), SettingsCheck.setting("netpol-auditor.mail.smtp.hots"));
        assertEquals(Optional.of("environment variable NETPOL_AUDITOR_SMTP_HOTS: unknown; did you mean"
                + " NETPOL_AUDITOR_SMTP_HOST?"), SettingsCheck.variable("NETPOL_AUDITOR_SMTP_HOTS"));
        assertEquals(Optional.empty(), SettingsCheck.variable("NETPOL_AUDITOR_DATABASE_MAX_POOL_SIZE"));
        assertEquals(Optional.empty(), SettingsCheck.variable("NETPOL_AUDITOR_LOG_FORMAT"));
        assertEquals(Optional.empty(), SettingsCheck.variable("NETPOL_AUDITOR_PORT"), "a placeholder of application.yml");
        assertTrue(SettingsCheck.OTHER_VARIABLES.size() > 25, SettingsCheck.OTHER_VARIABLES::toString);
        assertEquals(Optional.empty(), SettingsCheck.setting("micronaut.server.port"));
        assertTrue(SettingsCheck.setting("netpol-auditor.wholly-unknown-thing").orElseThrow()
                .endsWith("unknown setting"), "no suggestion when nothing is near");
    }

    @Test
    void theEnvironmentsSourcesAreAllChecked() {
        List<String> problems = problems(Map.of("netpol-auditor.clusters.Prod_EU.kubeconfig", "/k",
                "netpol-auditor.clusters.prod.manifests", "/m", "netpol-auditor.clusters.prod.tenant-labl", "team",
                "netpol-auditor.retention.keep-al", "3d"));
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("did you mean prod-eu?")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("tenant-label?")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("netpol-auditor.retention.keep-all?")), problems::toString);
        assertEquals(List.of(), problems(Map.of("netpol-auditor.clusters.prod.manifests", "/m")),
                "application.yml's own keys and a valid cluster pass");
        assertEquals(List.of(), problems(Map.of("netpol-auditor.clusters.prod.manifests", "/m",
                "netpol-auditor.clusters.prod.network-plugin", List.of("calico", "cilium"))), "a list setting passes");
        assertEquals(Optional.empty(), SettingsCheck.setting("netpol-auditor.clusters.prod.network-plugin[1]"));
    }

    @Test
    void theKnownKeysAreTheKeysTheCodeReads() throws IOException {
        Set<String> read = new TreeSet<>();
        Pattern value = Pattern.compile("\\$\\{(netpol-auditor\\.[a-z0-9.-]+)[:}]");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = value.matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertTrue(read.size() > 20, read::toString);
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(SettingsCheck.KNOWN);
        assertEquals(Set.of(), missing, "keys read with @Value but not in SettingsCheck.KNOWN");
        assertEquals(List.of(), problems(Map.of()), "application.yml has no key the check refuses");
    }
}
