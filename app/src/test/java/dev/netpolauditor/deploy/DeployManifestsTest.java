package dev.netpolauditor.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.cli.Cli;
import dev.netpolauditor.snapshot.kube.ClusterResource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/ is what operators apply: it must need no more than read access, and pass our own audit. */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    if (doc instanceof Map<?, ?> map) {
                        out.add((Map<String, Object>) map);
                    }
                }
            }
        }
        return out;
    }

    /**
     * "apiGroup/resource:verb" for every permission a ClusterRole or Role in deploy/ grants,
     * "apiGroup/resource/name:verb" for one limited to named objects.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> grantedPermissions() throws Exception {
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> doc : documents()) {
            if (!List.of("ClusterRole", "Role").contains(doc.get("kind"))) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) doc.get("rules")) {
                List<Object> names = (List<Object>) rule.getOrDefault("resourceNames", List.of(""));
                for (Object group : (List<Object>) rule.get("apiGroups")) {
                    for (Object resource : (List<Object>) rule.get("resources")) {
                        for (Object name : names) {
                            for (Object verb : (List<Object>) rule.get("verbs")) {
                                granted.add(group + "/" + resource + (name.equals("") ? "" : "/" + name) + ":" + verb);
                            }
                        }
                    }
                }
            }
        }
        return granted;
    }

    @Test
    void theClusterRoleGrantsReadAccessToExactlyWhatASnapshotReads() throws Exception {
        Set<String> needed = new TreeSet<>();
        for (ClusterResource resource : ClusterResource.values()) {
            for (ClusterResource.Permission p : resource.permissions()) {
                needed.add(p.apiGroup() + "/" + p.resource() + (p.resourceName() == null ? "" : "/" + p.resourceName())
                        + ":" + p.verb());
            }
        }
        // the requests themselves, independently of how permissions() derives them: a list path's
        // group and plural, or a named object's
        for (ClusterResource resource : ClusterResource.values()) {
            String[] path = resource.path().split("/");
            String group = path[1].equals("api") ? "" : path[2];
            String request = resource.isObject()
                    ? group + "/" + path[path.length - 2] + "/" + path[path.length - 1] + ":get"
                    : group + "/" + path[path.length - 1] + ":list";
            assertTrue(needed.contains(request), request);
        }
        assertEquals(needed, grantedPermissions(),
                "deploy/ must grant get/list/watch on the collector's resources (get on the one object it reads "
                        + "by name) and nothing else");
    }

    @Test
    void theOneConfigMapIsReadableByNameOnly() throws Exception {
        List<String> configMaps = grantedPermissions().stream().filter(p -> p.startsWith("/configmaps")).toList();
        assertEquals(List.of("/configmaps/cilium-config:get"), configMaps);
    }

    @Test
    void noSecretsNoWildcardsNoWrites() throws Exception {
        for (String permission : grantedPermissions()) {
            assertFalse(permission.contains("*"), permission);
            assertFalse(permission.contains("secrets"), permission);
            assertFalse(permission.startsWith("/configmaps:"), "every ConfigMap: " + permission);
            assertTrue(permission.endsWith(":get") || permission.endsWith(":list") || permission.endsWith(":watch"),
                    permission);
        }
    }

    @Test
    void ourOwnAuditFindsNothingHighOrMediumInDeploy() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.commandLine(new PrintWriter(out), new PrintWriter(err))
                .execute("audit", "--manifests", DEPLOY.toString());
        assertEquals(0, status, err.toString());
        ObjectMapper json = new ObjectMapper();
        List<String> serious = new ArrayList<>();
        int findings = 0;
        for (String line : out.toString().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            findings++;
            JsonNode finding = json.readTree(line);
            if (Set.of("high", "medium").contains(finding.get("severity").asText())) {
                serious.add(line);
            }
        }
        assertTrue(serious.isEmpty(), "high or medium findings in deploy/:\n" + String.join("\n", serious));
        assertTrue(findings < 10, "deploy/ should be nearly clean, found " + findings + ":\n" + out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServicePodIsHardened() throws Exception {
        Map<String, Object> deployment = documents().stream()
                .filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        assertEquals(2, spec.get("replicas"));
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        Map<String, Object> podSecurity = (Map<String, Object>) pod.get("securityContext");
        assertEquals(true, podSecurity.get("runAsNonRoot"));
        assertEquals("RuntimeDefault", ((Map<String, Object>) podSecurity.get("seccompProfile")).get("type"));
        for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
            Map<String, Object> security = (Map<String, Object>) container.get("securityContext");
            assertEquals(false, security.get("allowPrivilegeEscalation"));
            assertEquals(true, security.get("readOnlyRootFilesystem"));
            assertTrue(container.containsKey("readinessProbe") && container.containsKey("livenessProbe"));
            Map<String, Object> resources = (Map<String, Object>) container.get("resources");
            assertTrue(resources.containsKey("requests") && resources.containsKey("limits"));
        }
    }
}
