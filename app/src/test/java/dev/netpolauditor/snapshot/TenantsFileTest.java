package dev.netpolauditor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netpolauditor.analysis.Tenancy;
import dev.netpolauditor.analysis.Tenancy.TenantPair;
import dev.netpolauditor.model.Namespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantsFileTest {

    @TempDir
    Path tmp;

    private Path write(String content) throws IOException {
        Path file = tmp.resolve("tenants.yaml");
        Files.writeString(file, content);
        return file;
    }

    private String failure(String content) throws IOException {
        Path file = write(content);
        ManifestException e = assertThrows(ManifestException.class, () -> TenantsFile.read(file, "tenant"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().replace(file.toString(), "tenants.yaml");
    }

    @Test
    void readsEverySection() throws Exception {
        Tenancy tenancy = TenantsFile.read(write("""
                label: team
                tenants:
                  retail: [shop-a, shop-b]
                  finance: [ledger]
                  payments: []
                shared: [kube-system, monitoring]
                allowed:
                  - {from: retail, to: finance}
                  - from: payments
                    to: finance
                """), "tenant");

        assertEquals("team", tenancy.label());
        assertEquals(Map.of("shop-a", "retail", "shop-b", "retail", "ledger", "finance"), tenancy.assigned());
        assertEquals(Set.of("kube-system", "monitoring"), tenancy.shared());
        assertEquals(Set.of(new TenantPair("retail", "finance"), new TenantPair("payments", "finance")),
                tenancy.allowed());
    }

    @Test
    void withoutLabelTheCommandLinesLabelApplies() throws Exception {
        assertEquals("team", TenantsFile.read(write("shared: [kube-system]\n"), "team").label());
        assertEquals("tenant", TenantsFile.read(write("shared: [kube-system]\n")).label());
    }

    @Test
    void anEmptyFileMeansTenantsByLabelOnly() throws Exception {
        assertEquals(Tenancy.byLabel("team"), TenantsFile.read(write(""), "team"));
        assertEquals(Tenancy.byLabel("team"), TenantsFile.read(write("# nothing yet\n"), "team"));
    }

    @Test
    void explicitAssignmentWinsOverTheLabelAndSharedOverBoth() throws Exception {
        Tenancy tenancy = TenantsFile.read(write("""
                tenants: {finance: [ledger]}
                shared: [kube-system]
                """), "tenant");

        assertEquals("finance", tenancy.tenantOf(Namespace.of("ledger", Map.of("tenant", "retail"), true, null))
                .orElseThrow());
        assertEquals("retail", tenancy.tenantOf(Namespace.of("shop", Map.of("tenant", "retail"), true, null))
                .orElseThrow());
        assertEquals(java.util.Optional.empty(),
                tenancy.tenantOf(Namespace.of("kube-system", Map.of("tenant", "platform"), true, null)));
    }

    @Test
    void anAllowedPairMustNameADeclaredTenant() throws Exception {
        assertEquals("tenants.yaml: allowed[1].to: unknown tenant 'fnance' (tenants: finance, retail)", failure("""
                tenants: {retail: [shop], finance: [ledger]}
                allowed:
                  - {from: retail, to: finance}
                  - {from: retail, to: fnance}
                """));
    }

    @Test
    void withoutTenantsAnAllowedPairSaysHowToDeclareThem() throws Exception {
        assertEquals("tenants.yaml: allowed[0].from: unknown tenant 'retail' (no tenants are declared: name every"
                + " tenant of 'allowed' under 'tenants', with an empty list when its namespaces come from the label)",
                failure("allowed: [{from: retail, to: finance}]\n"));
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() throws Exception {
        assertEquals("tenants.yaml: tennants: unknown key 'tennants' (known keys: label, tenants, shared, allowed)",
                failure("tennants: {retail: [shop]}\n"));
        assertEquals("tenants.yaml: allowed[0].too: unknown key 'too' (known keys: from, to)", failure("""
                tenants: {retail: [], finance: []}
                allowed: [{from: retail, too: finance}]
                """));
    }

    @Test
    void aNamespaceBelongsToOneTenant() throws Exception {
        assertEquals("tenants.yaml: tenants.finance[1]: namespace 'shop-b' is already assigned to tenant 'retail'"
                + " (tenants.retail[1]); a namespace belongs to one tenant", failure("""
                tenants:
                  retail: [shop-a, shop-b]
                  finance: [ledger, shop-b]
                """));
        assertEquals("tenants.yaml: tenants.retail[1]: namespace 'shop-a' is already assigned to this tenant"
                + " (tenants.retail[0]); a namespace belongs to one tenant", failure("tenants: {retail: [shop-a, shop-a]}\n"));
    }

    @Test
    void aSharedNamespaceBelongsToNoTenant() throws Exception {
        assertEquals("tenants.yaml: shared[1]: namespace 'monitoring' is shared and also assigned to tenant"
                + " 'platform' (tenants.platform[0]); a shared namespace belongs to no tenant", failure("""
                tenants: {platform: [monitoring]}
                shared: [kube-system, monitoring]
                """));
        assertEquals("tenants.yaml: shared[1]: namespace 'dns' is listed twice (also shared[0])",
                failure("shared: [dns, dns]\n"));
    }

    @Test
    void aTenantAlwaysReachesItself() throws Exception {
        assertEquals("tenants.yaml: allowed[0]: from and to are both 'retail': a tenant always reaches itself, only"
                + " flows between two tenants can be allowed", failure("""
                tenants: {retail: []}
                allowed: [{from: retail, to: retail}]
                """));
    }

    @Test
    void aPairListedTwiceIsReported() throws Exception {
        assertEquals("tenants.yaml: allowed[1]: retail -> finance is listed twice", failure("""
                tenants: {retail: [], finance: []}
                allowed: [{from: retail, to: finance}, {to: finance, from: retail}]
                """));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "label: 'bad key!'                  | tenants.yaml: label: label key 'bad key!' is invalid: the name part"
                + " must be 1-63 characters of [A-Za-z0-9-_.], beginning and ending with a letter or digit",
        "label: ''                          | tenants.yaml: label: empty, expected a non-empty string",
        "tenants: [retail]                  | tenants.yaml: tenants: expected a mapping, got a list",
        "tenants: {retail: shop-a}          | tenants.yaml: tenants.retail: expected a list, got the string 'shop-a'",
        "tenants: {retail: [Shop_A]}        | tenants.yaml: tenants.retail[0]: 'Shop_A' is not a namespace name"
                + " (1-63 characters of lower-case letters, digits and '-', beginning and ending with a letter or digit)",
        "tenants: {retail: [2024]}          | tenants.yaml: tenants.retail[0]: expected a string, got the number 2024"
                + " (quote it)",
        "tenants: {'retail team': [shop]}   | tenants.yaml: tenants['retail team']: tenant name: label value"
                + " 'retail team' is invalid: expected empty or 1-63 characters of [A-Za-z0-9-_.], beginning and"
                + " ending with a letter or digit",
        "tenants: {'': [shop]}              | tenants.yaml: tenants['']: a tenant name must not be empty",
        "shared: kube-system                | tenants.yaml: shared: expected a list, got the string 'kube-system'",
        "allowed: [retail]                  | tenants.yaml: allowed[0]: expected a mapping {from: TENANT, to: TENANT},"
                + " got the string 'retail'",
        "[a, b]                             | tenants.yaml: the document is a list, expected a mapping with the keys"
                + " label, tenants, shared, allowed",
    })
    void invalidFieldsAreNamedByPath(String yaml, String message) throws Exception {
        assertEquals(message, failure(yaml + "\n"));
    }

    @Test
    void aMissingPairEndIsReported() throws Exception {
        assertEquals("tenants.yaml: allowed[0].to: missing, expected a non-empty string", failure("""
                tenants: {retail: []}
                allowed: [{from: retail}]
                """));
    }

    @Test
    void unparseableYamlNamesTheFileAndLine() throws Exception {
        String message = failure("tenants: {retail: [shop-a}\n");
        assertEquals(true, message.startsWith("tenants.yaml: invalid YAML: line 1, column "), message);
    }

    @Test
    void duplicateKeysAreRejectedByTheParser() throws Exception {
        String message = failure("tenants: {retail: [a]}\ntenants: {finance: [b]}\n");
        assertEquals(true, message.startsWith("tenants.yaml: invalid YAML:") && message.contains("duplicate"),
                message);
    }

    @Test
    void oneDocumentOnly() throws Exception {
        assertEquals("tenants.yaml: holds more than one YAML document (a second '---'?), expected one",
                failure("shared: [a]\n---\nshared: [b]\n"));
    }

    @Test
    void aMissingFileIsOneLine() {
        Path missing = tmp.resolve("nope.yaml");
        ManifestException e = assertThrows(ManifestException.class, () -> TenantsFile.read(missing, "tenant"));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void aDirectoryIsNotAFile() {
        ManifestException e = assertThrows(ManifestException.class, () -> TenantsFile.read(tmp, "tenant"));
        assertEquals(tmp + ": is a directory, expected a YAML file", e.getMessage());
    }
}
