package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netpolauditor.api.ApiClient.Answer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.annotation.Secured;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the service has, enumerated from Micronaut's {@link Router}, against the role it
 * should need: without credentials 401 (the health probes excepted), with a garbage token 401,
 * with a role below the one it needs 403, with that role neither.
 *
 * <p>How this catches an unsecured controller: {@link #NEEDS} lists every route with the least
 * role it needs, and {@link #everyRouteHasAnExpectedRoleAndNoOtherEntryIsStale} fails for a
 * route the router knows and the table does not. Adding a route therefore means stating its
 * role here, and {@link #eachRouteAnswersItsRoleAndNoLess} then checks the route behaves so: a
 * controller with no {@code @Secured} is denied to everyone (Micronaut Security rejects what no
 * rule allows), which fails the "right role gets in" check; one opened too wide fails the 401
 * or 403 checks. {@link #everyApiRouteCarriesSecured} also fails for a controller route without
 * {@code @Secured}, whatever the table says.
 */
class RouteSecurityTest {
    /** Who may call a route: anyone, or a role and the roles above it. */
    enum Need { ANYONE, VIEWER, AUDITOR, ADMIN }

    /**
     * Every route, "METHOD template" → the least role it needs. Micronaut answers HEAD wherever
     * it answers GET; a HEAD route needs what its GET needs.
     */
    static final Map<String, Need> NEEDS = Map.ofEntries(
            Map.entry("GET /health", Need.ANYONE),
            Map.entry("GET /health/{selector}", Need.ANYONE),
            Map.entry("GET /prometheus", Need.VIEWER),
            Map.entry("GET /api/v1/clusters", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots", Need.VIEWER),
            Map.entry("POST /api/v1/clusters/{cluster}/snapshots", Need.ADMIN),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/objects", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/findings", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/coverage", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/settings", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/reanalyses", Need.VIEWER),
            Map.entry("POST /api/v1/clusters/{cluster}/snapshots/{snapshot}/reanalyses", Need.ADMIN),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/reanalyses/{id}", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/tenants", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/tenants/{from}/{to}", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/connectivity", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/policyreports", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/report.xlsx", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/report.csv", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/report.json", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.xlsx", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.csv", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.json", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.xlsx", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.csv", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.json", Need.AUDITOR),
            Map.entry("GET /api/v1/reports", Need.AUDITOR),
            Map.entry("GET /api/v1/reports/{id}", Need.AUDITOR),
            Map.entry("GET /api/v1/reports/{id}/file", Need.AUDITOR),
            Map.entry("POST /api/v1/reports/verify", Need.AUDITOR),
            Map.entry("GET /api/v1/subscriptions", Need.ADMIN),
            Map.entry("POST /api/v1/subscriptions", Need.ADMIN),
            Map.entry("GET /api/v1/subscriptions/{id}", Need.ADMIN),
            Map.entry("PUT /api/v1/subscriptions/{id}", Need.ADMIN),
            Map.entry("DELETE /api/v1/subscriptions/{id}", Need.ADMIN),
            Map.entry("GET /api/v1/subscriptions/{id}/deliveries", Need.ADMIN),
            Map.entry("POST /api/v1/subscriptions/{id}/deliveries", Need.ADMIN),
            Map.entry("GET /api/v1/clusters/{cluster}/trend", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/findings/lifecycle", Need.VIEWER),
            Map.entry("GET /api/v1/clusters/{cluster}/diff", Need.VIEWER),
            Map.entry("GET /api/v1/tokens", Need.ADMIN),
            Map.entry("POST /api/v1/tokens", Need.ADMIN),
            Map.entry("DELETE /api/v1/tokens/{id}", Need.ADMIN),
            Map.entry("GET /api/v1/audit-log", Need.ADMIN),
            // the compliance workflow: auditors propose and decide, viewers read
            Map.entry("GET /api/v1/exceptions", Need.VIEWER),
            Map.entry("POST /api/v1/exceptions", Need.AUDITOR),
            Map.entry("GET /api/v1/exceptions/{id}", Need.VIEWER),
            Map.entry("POST /api/v1/exceptions/{id}/approve", Need.AUDITOR),
            Map.entry("POST /api/v1/exceptions/{id}/reject", Need.AUDITOR),
            Map.entry("POST /api/v1/exceptions/{id}/revoke", Need.AUDITOR),
            Map.entry("GET /api/v1/justifications", Need.VIEWER),
            Map.entry("POST /api/v1/justifications", Need.AUDITOR),
            Map.entry("GET /api/v1/justifications/{id}", Need.VIEWER),
            Map.entry("POST /api/v1/justifications/{id}/approve", Need.AUDITOR),
            Map.entry("POST /api/v1/justifications/{id}/reject", Need.AUDITOR),
            Map.entry("POST /api/v1/justifications/{id}/revoke", Need.AUDITOR),
            // admins configure what is tracked
            Map.entry("GET /api/v1/clusters/{cluster}/compliance", Need.VIEWER),
            Map.entry("PUT /api/v1/clusters/{cluster}/compliance", Need.ADMIN),
            Map.entry("GET /api/v1/clusters/{cluster}/reviews", Need.VIEWER),
            Map.entry("POST /api/v1/clusters/{cluster}/reviews", Need.AUDITOR),
            Map.entry("GET /api/v1/clusters/{cluster}/reviews/{id}", Need.VIEWER),
            // the web console: the same roles as the API for the same data
            Map.entry("GET /console", Need.VIEWER),
            Map.entry("GET /console/login", Need.ANYONE),
            Map.entry("POST /console/login", Need.ANYONE),
            Map.entry("GET /console/login/oidc", Need.ANYONE),
            Map.entry("GET /console/login/oidc/callback", Need.ANYONE),
            Map.entry("GET /console/assets/{name}", Need.ANYONE),
            Map.entry("POST /console/logout", Need.VIEWER),
            Map.entry("GET /console/clusters", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}/tenants/{from}/{to}", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}/findings", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}/reach", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}/policies", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}/policies/view", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}/changes", Need.VIEWER),
            Map.entry("GET /console/clusters/{cluster}/changes/report.{format}", Need.AUDITOR),
            Map.entry("GET /console/evidence", Need.AUDITOR),
            Map.entry("POST /console/evidence/verify", Need.AUDITOR),
            Map.entry("POST /console/evidence/generate", Need.AUDITOR),
            Map.entry("GET /console/evidence/{id}/file", Need.AUDITOR),
            Map.entry("GET /console/subscriptions", Need.ADMIN),
            Map.entry("POST /console/subscriptions/{id}/send", Need.ADMIN));

    /** The only routes open to anyone: the probes. */
    static final Set<String> PROBES = Set.of("GET /health", "GET /health/{selector}");

    /**
     * The console's routes open to anyone: signing in (with a token or at the OIDC issuer) and the
     * stylesheet and script the sign-in page needs. They show no data.
     */
    static final Set<String> CONSOLE_SIGN_IN = Set.of("GET /console/login", "POST /console/login",
            "GET /console/login/oidc", "GET /console/login/oidc/callback", "GET /console/assets/{name}");

    /** A value for each path variable; an id no token has, so DELETE revokes nothing. */
    static final Map<String, String> SAMPLES = Map.of("cluster", "demo", "snapshot", "latest", "id", "999999",
            "selector", "readiness", "from", "tenant-a", "to", "tenant-b", "name", "console.css", "format", "csv");

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;
    private static ApiClient admin;
    private static Map<Need, ApiClient> clients;

    @BeforeAll
    static void startService() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        admin = new ApiClient(server.getURI(), ApiClient.ADMIN_TOKEN);
        assertEquals(201, admin.post("/api/v1/clusters/demo/snapshots?wait=true").status());
        clients = Map.of(Need.ANYONE, admin.as(null), Need.VIEWER, admin.as(token("viewer")),
                Need.AUDITOR, admin.as(token("auditor")), Need.ADMIN, admin);
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static String token(String role) {
        Answer created = admin.post("/api/v1/tokens", "{\"name\": \"route test " + role + "\", \"role\": \"" + role
                + "\"}");
        assertEquals(201, created.status(), created::toString);
        return created.json().get("token").asText();
    }

    /** The least role a route needs; null when the table does not say. */
    private static Need need(String route) {
        Need need = NEEDS.get(route);
        return need == null && route.startsWith("HEAD ") ? NEEDS.get("GET " + route.substring(5)) : need;
    }

    private static Map<String, UriRouteInfo<?, ?>> routes() {
        Map<String, UriRouteInfo<?, ?>> routes = new TreeMap<>();
        server.getApplicationContext().getBean(Router.class).uriRoutes()
                .forEach(r -> routes.put(r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString(), r));
        return routes;
    }

    /** The template with each {variable} replaced by its sample. */
    private static String sample(String template) {
        Matcher m = Pattern.compile("\\{([^}?]+)\\??}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = SAMPLES.get(m.group(1));
            assertTrue(value != null, () -> "no sample value for {" + m.group(1) + "} in " + template
                    + ": add one to SAMPLES");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static Answer call(ApiClient client, String route) {
        String method = route.substring(0, route.indexOf(' '));
        String path = sample(route.substring(route.indexOf(' ') + 1));
        String body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                ? "{\"name\": \"enumeration\", \"role\": \"viewer\"}" : null;
        return client.send(method, path, body);
    }

    @Test
    void everyRouteHasAnExpectedRoleAndNoOtherEntryIsStale() {
        Set<String> known = routes().keySet();
        Set<String> unlisted = new TreeSet<>(known);
        unlisted.removeIf(route -> need(route) != null);
        assertEquals(Set.of(), unlisted, "routes without an expected role: add each to NEEDS with the least role"
                + " it should need (and secure its controller with @Secured)");
        Set<String> stale = new TreeSet<>(NEEDS.keySet());
        stale.removeAll(known);
        assertEquals(Set.of(), stale, "NEEDS lists routes the service does not have");
        NEEDS.forEach((route, need) -> assertTrue(need != Need.ANYONE || PROBES.contains(route)
                        || CONSOLE_SIGN_IN.contains(route),
                () -> route + " is open to anyone; only the health probes and the console's sign-in are"));
    }

    @Test
    void everyApiRouteCarriesSecured() {
        routes().forEach((route, info) -> {
            boolean endpoint = info.getAnnotationMetadata().hasStereotype(Endpoint.class);
            assertTrue(endpoint || info.getAnnotationMetadata().hasAnnotation(Secured.class),
                    () -> route + " (" + info.getTargetMethod() + ") has no @Secured");
        });
    }

    @Test
    void eachRouteAnswersItsRoleAndNoLess() {
        List<String> failures = new ArrayList<>();
        routes().keySet().stream().filter(route -> need(route) != null).forEach(route -> {
            Need need = need(route);
            boolean head = route.startsWith("HEAD ");
            // the console answers people: nobody signed in is sent to the sign-in page, a role too low
            // gets a 403 page; the API answers problem documents
            boolean console = route.contains(" /console");
            for (Need caller : Need.values()) {
                Answer answer = call(clients.get(caller), route);
                boolean mayCall = caller.compareTo(need) >= 0;
                int expectedDenial = caller != Need.ANYONE ? 403 : console ? 303 : 401;
                // signing in with the enumeration's body (no token) is a failed sign-in, answered 401 on
                // the sign-in page: the route is open, the credentials are not
                boolean failedSignIn = route.equals("POST /console/login") && answer.status() == 401
                        && answer.contentType().startsWith("text/html");
                if (mayCall && !failedSignIn && (answer.status() == 401 || answer.status() == 403
                        || console && caller == Need.ANYONE && need != Need.ANYONE && answer.status() == 303)) {
                    failures.add(route + " as " + caller + ": " + answer.status() + ", expected to get in");
                } else if (!mayCall && answer.status() != expectedDenial) {
                    failures.add(route + " as " + caller + ": " + answer.status() + ", expected " + expectedDenial);
                } else if (!mayCall && console && expectedDenial == 303
                        && !String.valueOf(answer.location()).startsWith("/console/login")) {
                    failures.add(route + " as " + caller + ": sent to " + answer.location() + ", not to sign in");
                } else if (!mayCall && console && expectedDenial == 403 && !head
                        && !answer.contentType().startsWith("text/html")) {
                    failures.add(route + " as " + caller + ": " + answer.status() + " is not a page");
                } else if (!mayCall && !console && !head && !answer.contentType().startsWith(Problem.MEDIA_TYPE)) {
                    failures.add(route + " as " + caller + ": " + answer.status() + " is not a problem document");
                }
            }
            for (String garbage : List.of("npa_not-a-token-at-all-000000000000000000000000", "garbage",
                    "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtZSIsInJvbGVzIjpbImFkbWluIl19.")) {
                Answer answer = call(admin.as(garbage), route);
                int expected = console ? 303 : 401;
                if (need != Need.ANYONE && answer.status() != expected) {
                    failures.add(route + " with token " + garbage + ": " + answer.status() + ", expected " + expected);
                }
            }
        });
        assertEquals(List.of(), failures);
    }

    @Test
    void unauthenticatedAnswersAreProblemsThatAskForABearerToken() {
        Answer answer = admin.as(null).get("/api/v1/clusters");
        assertEquals(401, answer.status(), answer::toString);
        assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), answer::toString);
        assertEquals("urn:netpol-auditor:problem:unauthenticated", answer.json().get("type").asText());
        assertEquals(401, answer.json().get("status").asInt());
        assertTrue(answer.header("WWW-Authenticate").startsWith("Bearer"), answer::toString);

        Answer forbidden = clients.get(Need.VIEWER).get("/api/v1/tokens");
        assertEquals(403, forbidden.status(), forbidden::toString);
        assertEquals("urn:netpol-auditor:problem:forbidden", forbidden.json().get("type").asText());
        assertNull(forbidden.header("WWW-Authenticate"));
    }

    @Test
    void pathsWithoutARouteAndTheOpenApiDocumentNeedAViewerToo() {
        ApiClient anyone = admin.as(null);
        ApiClient viewer = clients.get(Need.VIEWER);
        for (String path : List.of("/openapi/netpol-auditor-0.1.0.yml", "/api/v1/nothing-here", "/nothing",
                "/health/unknown-probe/x", "/prometheus/../api/v1/tokens")) {
            assertEquals(401, anyone.get(path).status(), path);
        }
        assertEquals(401, anyone.delete("/api/v1/clusters").status());
        Answer document = viewer.get("/openapi/netpol-auditor-0.1.0.yml");
        assertEquals(200, document.status(), document::toString);
        assertTrue(document.text().contains("bearerFormat"), "the document declares the bearer scheme");
        assertEquals(404, viewer.get("/api/v1/nothing-here").status());
        assertEquals(405, viewer.delete("/api/v1/clusters").status());
    }

    @Test
    void probesAnswerAnyone() {
        for (String path : List.of("/health", "/health/readiness", "/health/liveness")) {
            Answer answer = admin.as(null).get(path);
            assertEquals(200, answer.status(), () -> path + ": " + answer);
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        List<Answer> answers = List.of(admin.get("/api/v1/clusters"), admin.as(null).get("/api/v1/clusters"),
                clients.get(Need.VIEWER).get("/api/v1/tokens"), admin.get("/api/v1/nothing-here"),
                admin.as(null).get("/health"), admin.get("/openapi/netpol-auditor-0.1.0.yml"));
        for (Answer answer : answers) {
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), answer::toString);
            assertEquals("DENY", answer.header("X-Frame-Options"), answer::toString);
            assertEquals("no-referrer", answer.header("Referrer-Policy"), answer::toString);
            assertEquals("no-store", answer.header("Cache-Control"), answer::toString);
            assertTrue(answer.header("Content-Security-Policy").startsWith("default-src 'none'"), answer::toString);
        }
    }

    @Test
    void anOversizedBodyIs413() {
        String big = "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\", \"role\": \"viewer\"}";
        Answer answer = admin.post("/api/v1/tokens", big);
        assertEquals(413, answer.status(), () -> answer.status() + " " + answer.contentType());
        assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), answer::toString);
        assertEquals(413, answer.json().get("status").asInt());
        assertFalse(answer.text().contains("Exception"), answer::toString);
    }

    @Test
    void noCorsForOtherOrigins() throws Exception {
        HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.getURI() + "/api/v1/clusters"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                () -> preflight.headers().map().toString());
        Answer get = admin.get("/api/v1/clusters");
        assertNull(get.header("Access-Control-Allow-Origin"));
        assertNotEquals(null, get.json());
    }
}
