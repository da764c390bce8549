package dev.netpolauditor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the service on its embedded PostgreSQL: sign
 * in with a token, every page with the figures the API gives for the same snapshot, the tenant
 * cell drill-down, the reachability form, verify-by-upload (a known file and a tampered one),
 * CSRF rejection, a viewer refused an admin page, and hostile text from a cluster's settings
 * rendered as text. The pages' screenshots go to target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final String ADMIN_TOKEN = "npa_console-test-admin-token-0123456789abcdefghijklm";
    static final String HOSTILE = "<script>window.pwned=1</script>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static String base;
    private static String viewerToken;
    private static ChromeDriver browser;
    private static Path shop;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        shop = tmp.resolve("shop");
        Files.createDirectories(shop);
        Files.writeString(shop.resolve("cluster.yaml"), ShopCluster.BEFORE);
        Files.writeString(tmp.resolve("exceptions.yaml"), """
                exceptions:
                  - rule: NP-COV-002
                    subject: "bank/*"
                    justification: "%s approved by the bank's risk office"
                    owner: "<img src=x onerror=window.pwned=2>"
                    expires: 2099-03-31
                """.formatted(HOSTILE));
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.auth.admin-token", ADMIN_TOKEN);
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.clusters.shop.manifests", shop.toString());
        properties.put("netpol-auditor.clusters.shop.exceptions-file", tmp.resolve("exceptions.yaml").toString());
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        base = server.getURI().toString();
        assertEquals(201, api("POST", "/api/v1/clusters/demo/snapshots?wait=true", null).statusCode());
        assertEquals(201, api("POST", "/api/v1/clusters/shop/snapshots?wait=true", null).statusCode());
        Files.writeString(shop.resolve("cluster.yaml"), ShopCluster.AFTER);
        assertEquals(201, api("POST", "/api/v1/clusters/shop/snapshots?wait=true", null).statusCode());
        viewerToken = json(api("POST", "/api/v1/tokens", "{\"name\": \"console viewer\", \"role\": \"viewer\"}"))
                .get("token").asText();
        browser = Chromium.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @BeforeEach
    void signedInAsAdmin() {
        signIn(ADMIN_TOKEN);
    }

    private static void signIn(String token) {
        browser.get(base + "/console/clusters");
        if (browser.getCurrentUrl().contains("/console/login")) {
            browser.findElement(By.id("token")).sendKeys(token);
            browser.findElement(By.cssSelector("form[action='/console/login'] button")).click();
            try {
                // the click returns before the redirect has been followed on a busy machine
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/console/clusters"));
            } catch (TimeoutException stillThere) {
                // the assertion says where the browser stayed and what it shows
            }
            assertTrue(browser.getCurrentUrl().contains("/console/clusters"), () -> "not signed in: "
                    + browser.getCurrentUrl() + " " + browser.findElement(By.tagName("body")).getText());
        }
    }

    private static void signOut() {
        browser.manage().deleteAllCookies();
    }

    @Test
    @Order(1)
    void signInWithATokenAndEveryPageShowsTheApisFigures() throws Exception {
        signOut();
        browser.get(base + "/console/clusters/demo/findings");
        assertTrue(browser.getCurrentUrl().contains("/console/login?next="), browser.getCurrentUrl());
        Chromium.screenshot(browser, "console-sign-in");
        browser.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
        browser.findElement(By.cssSelector("form[action='/console/login'] button")).click();
        wait(ExpectedConditions.urlContains("/console/clusters/demo/findings"));

        JsonNode cluster = json(api("GET", "/api/v1/clusters/demo", null));
        JsonNode latest = cluster.get("latestSnapshot");
        browser.get(base + "/console/clusters");
        WebElement card = browser.findElement(By.cssSelector("[data-cluster='demo']"));
        assertEquals(latest.get("score").asText(), card.findElement(By.cssSelector("[data-score]")).getText());
        Chromium.screenshot(browser, "console-clusters");

        browser.get(base + "/console/clusters/demo");
        assertEquals(latest.get("score").asText(), text("score"));
        JsonNode coverage = json(api("GET", "/api/v1/clusters/demo/snapshots/latest/coverage?scope=cluster", null)).get(0);
        String row = browser.findElement(By.cssSelector("#coverage tr[data-scope='cluster:cluster'], #coverage tbody tr"))
                .getText();
        assertTrue(row.contains(String.valueOf(coverage.get("endpoints").asLong())), row);
        assertTrue(browser.findElement(By.id("controls")).getText().contains("FAIL"));
        Chromium.screenshot(browser, "console-cluster");

        browser.get(base + "/console/clusters/demo/findings");
        JsonNode findings = json(api("GET", "/api/v1/clusters/demo/snapshots/latest/findings?limit=1", null));
        assertTrue(text("findings-total").startsWith(findings.get("total").asLong() + " finding"), text("findings-total"));
        assertEquals(findings.get("total").asLong(), browser.findElements(By.cssSelector("#findings tbody tr")).size());
        browser.get(base + "/console/clusters/demo/findings?severity=high");
        JsonNode high = json(api("GET", "/api/v1/clusters/demo/snapshots/latest/findings?severity=high", null));
        assertEquals(high.get("total").asLong(), browser.findElements(By.cssSelector("#findings tbody tr")).size());
        Chromium.screenshot(browser, "console-findings");

        browser.get(base + "/console/clusters/demo/policies");
        JsonNode policies = json(api("GET", "/api/v1/clusters/demo/snapshots/latest/objects?kind=NetworkPolicy", null));
        assertEquals(policies.get("total").asLong(), browser.findElements(By.cssSelector("#policies tbody tr")).size());
        browser.findElement(By.linkText("db-from-api-and-backup")).click();
        assertTrue(text("policy-yaml").contains("podSelector"), text("policy-yaml"));
        assertTrue(text("selected").contains("prod/db[StatefulSet]"), text("selected"));
        Chromium.screenshot(browser, "console-policy");

        browser.get(base + "/console/evidence");
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Evidence"));
        browser.get(base + "/console/subscriptions");
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Subscriptions"));
    }

    @Test
    @Order(2)
    void aDateSaysWhichSnapshotAnswers() throws Exception {
        browser.get(base + "/console/clusters/shop?at=2999-12-31");
        JsonNode latest = json(api("GET", "/api/v1/clusters/shop/snapshots/latest", null));
        assertTrue(text("asof").contains("As of 2999-12-31: answered by snapshot " + latest.get("id").asLong()),
                text("asof"));
        browser.get(base + "/console/clusters/shop?at=2000-01-01");
        assertTrue(browser.findElement(By.cssSelector(".problem")).getText().contains("no complete snapshot"));
    }

    @Test
    @Order(3)
    void aTenantCellOpensItsNamespacePairs() throws Exception {
        browser.get(base + "/console/clusters/shop");
        Chromium.screenshot(browser, "console-tenant-matrix");
        WebElement cell = browser.findElement(By.cssSelector("#tenant-matrix td[data-from='retail'][data-to='finance'] a"));
        String pairs = cell.getText();
        cell.click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("namespace-pairs")));
        JsonNode api = json(api("GET", "/api/v1/clusters/shop/snapshots/latest/tenants/retail/finance", null));
        assertEquals(api.get("cell").get("endpointPairs").asText(), pairs);
        assertEquals(api.get("cell").get("endpointPairs").asText(), text("cell-pairs"));
        assertEquals(api.get("namespacePairs").size(), browser.findElements(By.cssSelector("#namespace-pairs tbody tr"))
                .size());
        assertTrue(text("cell").contains("bank/ledger-from-shop"), text("cell"));
        Chromium.screenshot(browser, "console-tenant-cell");
    }

    @Test
    @Order(4)
    void theReachabilityFormExplainsWithTheDecidingPolicies() throws Exception {
        browser.get(base + "/console/clusters/demo/reach");
        browser.findElement(By.id("from")).sendKeys("staging/api[Deployment]");
        browser.findElement(By.id("to")).sendKeys("prod/db[StatefulSet]");
        browser.findElement(By.id("port")).sendKeys("3306");
        browser.findElement(By.cssSelector("#reach-form button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
        JsonNode api = json(api("GET", "/api/v1/clusters/demo/snapshots/latest/connectivity?from="
                + q("staging/api[Deployment]") + "&to=" + q("prod/db[StatefulSet]") + "&port=3306", null));
        assertEquals("refused", api.get("verdict").asText());
        assertTrue(text("verdict").contains("REFUSED"), text("verdict"));
        WebElement ingress = browser.findElement(By.cssSelector("[data-side='ingress']"));
        for (JsonNode policy : api.get("ingress").get("isolatingPolicies")) {
            assertTrue(ingress.getText().contains(policy.asText()), ingress.getText());
        }
        Chromium.screenshot(browser, "console-reach");
        ingress.findElement(By.linkText("prod/default-deny-ingress")).click();
        assertTrue(text("policy-yaml").contains("Ingress"), text("policy-yaml"));
    }

    @Test
    @Order(5)
    void whatChangedNamesTheCauses() throws Exception {
        browser.get(base + "/console/clusters/shop/changes");
        String flows = text("flow-changes");
        assertTrue(flows.contains("added"), flows);
        assertTrue(text("object-changes").contains("allow-web-from-anywhere"), text("object-changes"));
        Chromium.screenshot(browser, "console-changes");
    }

    @Test
    @Order(6)
    void verifyAFileByUploadKnownAndTampered() throws Exception {
        HttpResponse<byte[]> report = HTTP.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/clusters/demo/snapshots/latest/report.csv"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, report.statusCode());
        Path known = tmp.resolve("report.csv");
        Files.write(known, report.body());
        Path tampered = tmp.resolve("tampered.csv");
        byte[] changed = report.body().clone();
        changed[changed.length / 2] ^= 1;
        Files.write(tampered, changed);

        browser.get(base + "/console/evidence");
        browser.findElement(By.id("file")).sendKeys(known.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#verify-form button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("verify-result")));
        assertTrue(text("verify-result").contains("Known file: report"), text("verify-result"));
        assertTrue(text("verify-result").contains("intact"), text("verify-result"));
        Chromium.screenshot(browser, "console-evidence");

        browser.findElement(By.id("file")).sendKeys(tampered.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#verify-form button")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"), "Unknown file"));
    }

    @Test
    @Order(7)
    void aFormWithoutTheSessionsTokenIsRefused() throws Exception {
        browser.get(base + "/console/evidence");
        browser.executeScript("document.querySelector('#generate-form input[name=csrf]').value = 'forged'");
        browser.findElement(By.cssSelector("#generate-form button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".problem")));
        assertTrue(browser.findElement(By.cssSelector(".problem")).getText().contains("security token"),
                browser.getPageSource());
        long before = json(api("GET", "/api/v1/reports", null)).get("total").asLong();

        // the same form with its token is accepted, and the report joins the evidence
        browser.get(base + "/console/evidence");
        browser.findElement(By.cssSelector("#generate-form button")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("generated")));
        assertEquals(before + 1, json(api("GET", "/api/v1/reports", null)).get("total").asLong());

        // a cookie without the form's token, as a forged cross-site post would send it
        String cookie = browser.manage().getCookieNamed("npa_console").getValue();
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/evidence/generate"))
                .header("Cookie", "npa_console=" + cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("cluster=demo&format=csv")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode());
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/logout"))
                .header("Cookie", "npa_console=" + cookie).header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
        assertEquals(before + 1, json(api("GET", "/api/v1/reports", null)).get("total").asLong());
    }

    @Test
    @Order(8)
    void aViewerIsRefusedAdminPages() {
        signOut();
        signIn(viewerToken);
        assertFalse(browser.findElement(By.cssSelector("header nav")).getText().contains("Subscriptions"));
        browser.get(base + "/console/subscriptions");
        assertEquals("Not for your role", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.getPageSource().contains("viewer"));
        assertFalse(browser.getPageSource().contains("Exception"));
        Chromium.screenshot(browser, "console-forbidden");
        browser.get(base + "/console/evidence");
        assertEquals("Not for your role", browser.findElement(By.tagName("h1")).getText());
        signOut();
    }

    @Test
    @Order(9)
    void textFromAClusterIsRenderedAsText() {
        browser.get(base + "/console/clusters/shop/findings?status=excepted");
        String table = text("findings");
        assertTrue(table.contains(HOSTILE), table);
        assertTrue(table.contains("<img src=x onerror=window.pwned=2>"), table);
        assertEquals("undefined", browser.executeScript("return typeof window.pwned"));
        assertTrue(browser.findElements(By.cssSelector("#findings script, #findings img")).isEmpty());
    }

    @Test
    @Order(10)
    void signOutEndsTheSession() {
        browser.get(base + "/console/clusters");
        String cookie = browser.manage().getCookieNamed("npa_console").getValue();
        browser.findElement(By.cssSelector("form[action='/console/logout'] button")).click();
        wait(ExpectedConditions.urlContains("/console/login"));
        browser.get(base + "/console/clusters");
        assertTrue(browser.getCurrentUrl().contains("/console/login"), browser.getCurrentUrl());
        // the old cookie no longer signs anyone in
        browser.manage().addCookie(new org.openqa.selenium.Cookie("npa_console", cookie, "/console"));
        browser.get(base + "/console/clusters");
        assertTrue(browser.getCurrentUrl().contains("/console/login"), browser.getCurrentUrl());
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static <T> T wait(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> api(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization",
                "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        assertTrue(response.statusCode() < 300, () -> response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

}
