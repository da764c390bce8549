package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Every route the router knows — so a new one cannot escape, as in {@link RouteSecurityTest}
 * — driven with a table of hostile values in each path variable, each query parameter and
 * (for routes with a JSON body) the body, as an admin who may call everything. Every answer
 * must be a 4xx (never 5xx, and never a quiet 2xx for a value the parameter cannot be), a
 * problem document whose status is the answer's, with the security headers, and with no Java
 * class name, stack frame, parser internals or SQL in it.
 *
 * <p>{@link #KINDS} says what each parameter is; a parameter it does not list fails the test.
 * Free-text parameters (names, namespaces) may answer 200 or 404 to values that are merely
 * odd; the values no parameter can hold (NUL and other control characters, malformed
 * escapes, bytes that are not UTF-8, 100 KB) are 4xx everywhere.
 */
class RouteHostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a parameter holds, which decides which hostile values it must refuse. */
    enum Kind { FREE, INT, INSTANT, BOOL, ENUM, REF, ID, HEX }

    /**
     * "param" or "METHOD template param" → its kind (the route form wins). Path variables and
     * query parameters alike.
     */
    static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("cluster", Kind.FREE), Map.entry("snapshot", Kind.REF), Map.entry("id", Kind.ID),
            Map.entry("selector", Kind.FREE),
            Map.entry("limit", Kind.INT), Map.entry("offset", Kind.INT), Map.entry("port", Kind.INT),
            Map.entry("at", Kind.INSTANT), Map.entry("fromAt", Kind.INSTANT), Map.entry("toAt", Kind.INSTANT),
            Map.entry("wait", Kind.BOOL), Map.entry("withCauses", Kind.BOOL), Map.entry("settings", Kind.ENUM),
            Map.entry("status", Kind.ENUM), Map.entry("severity", Kind.ENUM), Map.entry("kind", Kind.ENUM),
            Map.entry("protocol", Kind.ENUM), Map.entry("rule", Kind.ENUM),
            Map.entry("namespace", Kind.FREE), Map.entry("name", Kind.FREE), Map.entry("tenant", Kind.FREE),
            Map.entry("sha256", Kind.HEX),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/coverage scope", Kind.ENUM),
            Map.entry("GET /api/v1/clusters/{cluster}/trend scope", Kind.FREE),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots from", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots to", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/trend from", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/trend to", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/findings/lifecycle from", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/findings/lifecycle to", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/diff from", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/diff to", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.xlsx from", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.xlsx to", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.csv from", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.csv to", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.json from", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/changes/report.json to", Kind.REF),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/connectivity from", Kind.FREE),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/connectivity to", Kind.FREE),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/tenants from", Kind.FREE),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/tenants to", Kind.FREE),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/tenants/{from}/{to} from", Kind.FREE),
            Map.entry("GET /api/v1/clusters/{cluster}/snapshots/{snapshot}/tenants/{from}/{to} to", Kind.FREE),
            Map.entry("GET /api/v1/reports cluster", Kind.FREE),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.xlsx from", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.xlsx to", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.csv from", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.csv to", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.json from", Kind.INSTANT),
            Map.entry("GET /api/v1/clusters/{cluster}/period/report.json to", Kind.INSTANT),
            Map.entry("GET /api/v1/exceptions cluster", Kind.FREE),
            Map.entry("GET /api/v1/justifications cluster", Kind.FREE),
            Map.entry("state", Kind.ENUM),
            // a rule id of the past may be in the history: filtering by any id is a fair question
            Map.entry("GET /api/v1/clusters/{cluster}/findings/lifecycle rule", Kind.FREE),
            // the console's pages: dates or instants, snapshot numbers, choices, free text
            Map.entry("GET /console/clusters/{cluster} from", Kind.INSTANT),
            Map.entry("GET /console/clusters/{cluster} to", Kind.INSTANT),
            Map.entry("GET /console/clusters/{cluster}/changes from", Kind.REF),
            Map.entry("GET /console/clusters/{cluster}/changes to", Kind.REF),
            Map.entry("GET /console/clusters/{cluster}/changes/report.{format} from", Kind.REF),
            Map.entry("GET /console/clusters/{cluster}/changes/report.{format} to", Kind.REF),
            Map.entry("GET /console/clusters/{cluster}/changes/report.{format} format", Kind.ENUM),
            Map.entry("GET /console/clusters/{cluster}/findings page", Kind.INT),
            Map.entry("GET /console/clusters/{cluster}/findings sort", Kind.ENUM),
            Map.entry("GET /console/clusters/{cluster}/policies/view left", Kind.FREE),
            Map.entry("GET /console/clusters/{cluster}/policies/view right", Kind.FREE),
            Map.entry("GET /console/clusters/{cluster}/reach from", Kind.FREE),
            Map.entry("GET /console/clusters/{cluster}/reach to", Kind.FREE),
            Map.entry("GET /console/clusters/{cluster}/tenants/{from}/{to} from", Kind.FREE),
            Map.entry("GET /console/clusters/{cluster}/tenants/{from}/{to} to", Kind.FREE),
            Map.entry("GET /console/evidence cluster", Kind.FREE),
            Map.entry("GET /console/login next", Kind.FREE),
            Map.entry("GET /console/login/oidc next", Kind.FREE),
            Map.entry("GET /console/login/oidc/callback code", Kind.FREE),
            Map.entry("GET /console/login/oidc/callback state", Kind.FREE),
            Map.entry("GET /console/login/oidc/callback error", Kind.FREE),
            Map.entry("GET /console/assets/{name} name", Kind.FREE));

    /** Values no parameter of any kind can be (already percent-encoded as they go on the wire). */
    static final List<String> NEVER = List.of("a%00b", "%00", "x%01y", "%0A", "%7F", "%zz", "%C3%28", "%ED%A0%80",
            "%", "a%2", "x".repeat(100 * 1024));

    /** Values a typed parameter cannot be. */
    static final List<String> TYPED = List.of("99999999999999999999999999", "-1", "-9223372036854775809", "1e309",
            "NaN", "%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "10000-01-01T00:00:00Z", "2026-01-01T00:00:00Zjunk", "2026-02-30T00:00:00Z", "true", "abc", "10abc",
            "latest%3Bdrop", "1%201", "%22%27%3B--", "%5B%5D", "%7B%7D", "0x10", "1.5", "", "%20");

    /** Samples that make each route answer normally, as in RouteSecurityTest. */
    static final Map<String, String> SAMPLES = RouteSecurityTest.SAMPLES;

    /** The routes whose body is not JSON (a report file to verify: any bytes are a file). */
    static final Set<String> RAW_BODY = Set.of("POST /api/v1/reports/verify");

    /** A valid body for each JSON body route, with the status it gets: proof the hostile ones fail for what they are. */
    static final Map<String, Map.Entry<String, Integer>> VALID_BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/tokens", Map.entry("{\"name\": \"hostile test\", \"role\": \"viewer\"}", 201)),
            Map.entry("POST /api/v1/subscriptions", Map.entry("{\"cluster\": \"demo\", \"recipients\": [\"a@example.com\"],"
                    + " \"schedule\": \"0 8 * * MON\", \"timeZone\": \"UTC\"}", 201)),
            Map.entry("PUT /api/v1/subscriptions/{id}", Map.entry("{\"cluster\": \"demo\", \"recipients\": [\"a@example.com\"],"
                    + " \"schedule\": \"0 8 * * MON\", \"timeZone\": \"UTC\"}", 404)),
            Map.entry("POST /api/v1/exceptions", Map.entry("{\"rule\": \"NP-COV-001\", \"subject\": \"x/*\","
                    + " \"justification\": \"j\", \"owner\": \"a@example.com\", \"expires\": \""
                    + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30) + "\"}", 201)),
            Map.entry("POST /api/v1/exceptions/{id}/approve", Map.entry("{\"note\": \"ok\"}", 404)),
            Map.entry("POST /api/v1/exceptions/{id}/reject", Map.entry("{\"note\": \"no\"}", 404)),
            Map.entry("POST /api/v1/exceptions/{id}/revoke", Map.entry("{\"note\": \"gone\"}", 404)),
            Map.entry("POST /api/v1/justifications", Map.entry("{\"cluster\": \"demo\", \"policy\": \"prod/db\","
                    + " \"rule\": \"ingress[0]\", \"sha256\": \"" + "ab".repeat(32) + "\", \"text\": \"t\","
                    + " \"owner\": \"o\"}", 201)),
            Map.entry("POST /api/v1/justifications/{id}/approve", Map.entry("{\"note\": \"ok\"}", 404)),
            Map.entry("POST /api/v1/justifications/{id}/reject", Map.entry("{\"note\": \"no\"}", 404)),
            Map.entry("POST /api/v1/justifications/{id}/revoke", Map.entry("{\"note\": \"gone\"}", 404)),
            Map.entry("PUT /api/v1/clusters/{cluster}/compliance", Map.entry("{\"justifications\": false}", 200)),
            Map.entry("POST /api/v1/clusters/{cluster}/reviews", Map.entry("{\"snapshot\": \"latest\","
                    + " \"outcome\": \"confirmed\"}", 201)));

    /** Bodies no JSON operation takes, with the content type they are sent with (null: none). */
    static final List<Map.Entry<String, byte[]>> HOSTILE_BODIES = hostileBodies();

    /**
     * The same for the console's pages, which are HTML (so {@code <select } and "Error" in prose
     * are no leak): Java, the framework, the parsers, the database.
     */
    static final Pattern PAGE_LEAK = Pattern.compile("(?-i:[A-Za-z]Exception\\b|\\$[A-Z]|StreamRead)"
            + "|java\\.|javax\\.|jakarta\\.|micronaut|fasterxml|jackson|jooq|flyway|snakeyaml|hikari"
            + "|netpolauditor\\.|\\tat |SQLSTATE|ERROR:|Caused by|\\.java:", Pattern.CASE_INSENSITIVE);

    /** What must never be in an answer: Java, the framework, the parsers, the database. */
    static final Pattern LEAK = Pattern.compile("(?-i:[A-Za-z]Exception\\b|Error\\b|\\$[A-Z]|StreamRead|Feature\\b)"
            + "|java\\.|javax\\.|jakarta\\.|micronaut|fasterxml|jackson|postgres|jooq|flyway|snakeyaml|hikari"
            + "|netpolauditor\\.|\\tat |SQLSTATE|ERROR:|SELECT |INSERT |UPDATE |DELETE FROM|\\bpsql|Caused by"
            + "|\\.java:", Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path tmp;

    private static EmbeddedServer server;

    @BeforeAll
    static void startService() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        Raw answer = send("POST", "/api/v1/clusters/demo/snapshots?wait=true", (String) null, null);
        assertEquals(201, answer.status(), answer::toString);
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    /** The kind of {@code param} on {@code route}; null when the table does not say. */
    private static Kind kind(String route, String param) {
        Kind kind = KINDS.get(route + " " + param);
        return kind != null ? kind : KINDS.get(param);
    }

    private static Map<String, UriRouteInfo<?, ?>> routes() {
        Map<String, UriRouteInfo<?, ?>> routes = new TreeMap<>();
        server.getApplicationContext().getBean(Router.class).uriRoutes().forEach(r -> {
            String route = r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString();
            if (!route.startsWith("HEAD ")) {
                routes.put(route, r);
            }
        });
        return routes;
    }

    private static List<String> pathVariables(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}?]+)\\??}").matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> queryParameters(UriRouteInfo<?, ?> info) {
        List<String> names = new ArrayList<>();
        for (Argument<?> argument : info.getTargetMethod().getArguments()) {
            if (argument.getAnnotationMetadata().hasAnnotation(QueryValue.class)) {
                names.add(argument.getAnnotationMetadata().stringValue(QueryValue.class).orElse(argument.getName()));
            }
        }
        return names;
    }

    private static boolean hasBody(UriRouteInfo<?, ?> info) {
        for (Argument<?> argument : info.getTargetMethod().getArguments()) {
            if (argument.getAnnotationMetadata().hasAnnotation(Body.class)) {
                return true;
            }
        }
        return false;
    }

    /** The template with {@code variable} set to {@code raw} and every other variable to its sample. */
    private static String path(String template, String variable, String raw) {
        Matcher m = Pattern.compile("\\{([^}?]+)\\??}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals(variable) ? raw : SAMPLES.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    @Test
    void everyParameterOfEveryRouteHasAKind() {
        Set<String> unknown = new TreeSet<>();
        routes().forEach((route, info) -> {
            String template = route.substring(route.indexOf(' ') + 1);
            List<String> params = new ArrayList<>(pathVariables(template));
            params.addAll(queryParameters(info));
            params.stream().filter(p -> kind(route, p) == null).forEach(p -> unknown.add(route + " " + p));
        });
        assertEquals(Set.of(), unknown, "parameters without a kind: add each to KINDS");
        assertTrue(routes().size() >= 35, "the router lists the routes: " + routes().keySet());
    }

    @Test
    void hostileParametersGetAProblemInOurWordsOnEveryRoute() {
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (var e : routes().entrySet()) {
            String route = e.getKey();
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            if (method.equals("DELETE") && !template.contains("{")) {
                continue;
            }
            String body = method.equals("POST") || method.equals("PUT")
                    ? VALID_BODIES.getOrDefault(route, Map.entry("{}", 0)).getKey() : null;
            for (String variable : pathVariables(template)) {
                Kind kind = kind(route, variable);
                for (String value : values(kind)) {
                    requests++;
                    check(failures, route, "path {" + variable + "}=" + shorten(value), kind, NEVER.contains(value),
                            send(method, path(template, variable, value), body, "application/json"));
                }
            }
            for (String param : queryParameters(e.getValue())) {
                Kind kind = kind(route, param);
                for (String value : values(kind)) {
                    requests++;
                    String target = path(template, null, null) + "?" + param + "=" + value;
                    check(failures, route, "query " + param + "=" + shorten(value), kind, NEVER.contains(value),
                            send(method, target, body, "application/json"));
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + requests + " requests failed");
    }

    @Test
    void hostileBodiesGetAProblemInOurWordsOnEveryBodyRoute() {
        List<String> failures = new ArrayList<>();
        routes().forEach((route, info) -> {
            // the console's forms are not JSON: ConsoleBrowserTest posts them, with and without their token
            if (!hasBody(info) || RAW_BODY.contains(route) || route.contains(" /console")) {
                return;
            }
            String method = route.substring(0, route.indexOf(' '));
            String target = path(route.substring(route.indexOf(' ') + 1), null, null);
            Map.Entry<String, Integer> valid = VALID_BODIES.get(route);
            if (valid == null) {
                failures.add(route + ": takes a JSON body but VALID_BODIES has none for it");
                return;
            }
            Raw ok = send(method, target, valid.getKey(), "application/json");
            if (ok.status() != valid.getValue()) {
                failures.add(route + ": the valid body got " + ok);
            }
            for (Map.Entry<String, byte[]> hostile : HOSTILE_BODIES) {
                Raw answer = send(method, target, hostile.getValue(), hostile.getKey());
                String what = "body " + shorten(new String(hostile.getValue(), StandardCharsets.UTF_8)) + " as "
                        + hostile.getKey();
                check(failures, route, what, Kind.ENUM, true, answer);
                boolean badType = hostile.getKey() == null || !hostile.getKey().startsWith("application/json")
                        || hostile.getKey().contains("ISO");
                if (badType && answer.status() != 415) {
                    failures.add(route + " " + what + ": " + answer.status() + ", expected 415");
                }
            }
        });
        assertEquals(List.of(), failures);
    }

    @Test
    void oversizedUrlsAndHeadersAreTheirOwn4xxWithTheSecurityHeaders() {
        Raw url = send("GET", "/api/v1/clusters?namespace=" + "x".repeat(10_000), (String) null, null);
        assertEquals(414, url.status(), url::toString);
        List<String> failures = new ArrayList<>();
        check(failures, "GET /api/v1/clusters", "long URL", Kind.ENUM, true, url);
        Raw headers = sendWithHeader("GET", "/api/v1/clusters", "X-Padding", "y".repeat(20_000));
        assertEquals(431, headers.status(), headers::toString);
        check(failures, "GET /api/v1/clusters", "long header", Kind.ENUM, true, headers);
        String big = "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\", \"role\": \"viewer\"}";
        Raw body = send("POST", "/api/v1/tokens", big, "application/json");
        assertEquals(413, body.status(), body::toString);
        check(failures, "POST /api/v1/tokens", "2 MB body", Kind.ENUM, true, body);
        assertEquals(List.of(), failures);
    }

    @Test
    void aScheduleThatNeverFiresIsRefused() {
        Raw answer = send("POST", "/api/v1/subscriptions", "{\"cluster\": \"demo\", \"recipients\": [\"a@example.com\"],"
                + " \"schedule\": \"0 0 30 2 *\", \"timeZone\": \"UTC\"}", "application/json");
        assertEquals(400, answer.status(), answer::toString);
        assertTrue(answer.body().contains("never fires"), answer::toString);
    }

    private static List<String> values(Kind kind) {
        List<String> values = new ArrayList<>(NEVER);
        if (kind != Kind.FREE) {
            TYPED.stream().filter(v -> !(kind == Kind.BOOL && v.equals("true"))).forEach(values::add);
        }
        return values;
    }

    /**
     * The checks on one answer. {@code mustRefuse}: the value is one the parameter cannot be
     * (4xx required); otherwise a free-text parameter may also answer 2xx.
     */
    private static void check(List<String> failures, String route, String what, Kind kind, boolean mustRefuse,
            Raw answer) {
        String at = route + " " + what + ": ";
        int status = answer.status();
        boolean refused = status >= 400 && status < 500;
        if (route.contains(" /console")) {
            checkPage(failures, at, kind, mustRefuse, what, answer);
            return;
        }
        if (status >= 500 || status < 200) {
            failures.add(at + status + " " + shorten(answer.body()));
            return;
        }
        if (!refused && (mustRefuse || kind != Kind.FREE)) {
            // an empty optional parameter ("" or a blank) means "not given": 2xx is right for it
            if (!what.endsWith("=") && !what.endsWith("=%20")) {
                failures.add(at + status + ", expected a 4xx");
            }
            return;
        }
        for (String header : List.of("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy",
                "Cache-Control")) {
            if (answer.header(header) == null) {
                failures.add(at + status + " without " + header);
            }
        }
        if (!refused) {
            return;
        }
        if (!answer.header("Content-Type", "").startsWith(Problem.MEDIA_TYPE)) {
            failures.add(at + status + " is not a problem document: " + answer.header("Content-Type", "") + " "
                    + shorten(answer.body()));
            return;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != status || !problem.path("detail").isTextual()
                    || !problem.path("title").isTextual() || !problem.path("type").isTextual()) {
                failures.add(at + status + " problem without type, title, detail or its status: " + answer.body());
            }
        } catch (IOException e) {
            failures.add(at + status + " body is not JSON: " + shorten(answer.body()));
        }
        Matcher leak = LEAK.matcher(answer.body());
        if (leak.find()) {
            failures.add(at + status + " leaks '" + leak.group() + "': " + shorten(answer.body()));
        }
    }

    /**
     * A console page's answer: never 5xx, a 4xx for a value the parameter cannot be (an HTML page,
     * or the HTTP server's own problem document for what never reaches the console), the security
     * headers, and nothing of Java, the framework or the database in it. Sign-in redirects (303)
     * are answers too.
     */
    private static void checkPage(List<String> failures, String at, Kind kind, boolean mustRefuse, String what,
            Raw answer) {
        int status = answer.status();
        boolean refused = status >= 400 && status < 500;
        if (status >= 500 || status < 200) {
            failures.add(at + status + " " + shorten(answer.body()));
            return;
        }
        if (!refused && (mustRefuse || kind != Kind.FREE) && !what.endsWith("=") && !what.endsWith("=%20")) {
            failures.add(at + status + ", expected a 4xx");
            return;
        }
        for (String header : List.of("X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy",
                "Cache-Control")) {
            if (answer.header(header) == null) {
                failures.add(at + status + " without " + header);
            }
        }
        String type = answer.header("Content-Type", "");
        if (refused && !type.startsWith("text/html") && !type.startsWith(Problem.MEDIA_TYPE)) {
            failures.add(at + status + " is neither a page nor a problem document: " + type);
        }
        Matcher leak = PAGE_LEAK.matcher(answer.body());
        if (leak.find()) {
            failures.add(at + status + " leaks '" + leak.group() + "': " + shorten(answer.body()));
        }
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "...(" + s.length() + ")" : s;
    }

    private static List<Map.Entry<String, byte[]>> hostileBodies() {
        List<Map.Entry<String, byte[]>> bodies = new ArrayList<>();
        String json = "application/json";
        for (String text : List.of(
                "{\"name\": \"x\", \"role\": \"viewer\"} trailing",
                "{\"name\": \"x\", \"role\": \"viewer\"}{\"name\": \"y\"}",
                "{\"name\": \"x\", \"role\": \"viewer\"}]",
                "[]", "\"a string\"", "42", "null", "true", "", "   ", "{", "{\"name\": }",
                "{\"cluster\": 5, \"recipients\": \"x\", \"name\": true, \"role\": [], \"schedule\": {},"
                        + " \"timeZone\": 1, \"enabled\": \"yes\", \"scope\": 7}",
                "{\"name\": 5, \"role\": \"viewer\", \"cluster\": 5}",
                "{\"name\": \"a\\u0000b\", \"role\": \"viewer\", \"cluster\": \"demo\\u0000\"}",
                "{\"name\": \"a\\nb\", \"role\": \"viewer\", \"cluster\": \"de\\tmo\"}",
                "{\"name\": \"ok\", \"role\": \"viewer\", \"cluster\": \"demo\", \"unknown\": 1}",
                "{\"name\": \"x\", \"name\": \"y\", \"role\": \"viewer\"}",
                "{\"a\":".repeat(5000) + "1" + "}".repeat(5000),
                "[".repeat(5000) + "]".repeat(5000),
                "{\"name\": 1e999999999, \"role\": \"viewer\"}",
                "{\"name\": " + "9".repeat(5000) + ", \"role\": \"viewer\"}",
                "{\"name\": \"" + "x".repeat(100 * 1024) + "\", \"role\": \"viewer\", \"cluster\": \""
                        + "y".repeat(100 * 1024) + "\"}",
                "{\"recipients\": [" + "\"a@example.com\",".repeat(5000) + "\"b@example.com\"]}",
                "{'name': 'x', 'role': 'viewer'}",
                "{\"name\": \"x\", \"role\": \"viewer\",}",
                "{\"name\": \"x\", /* comment */ \"role\": \"viewer\"}")) {
            bodies.add(Map.entry(json, text.getBytes(StandardCharsets.UTF_8)));
        }
        bodies.add(Map.entry(json, new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
            '"', '}'}));
        bodies.add(Map.entry(json, new byte[] {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0}));
        String valid = "{\"name\": \"x\", \"role\": \"viewer\", \"cluster\": \"demo\", \"recipients\":"
                + " [\"a@example.com\"], \"schedule\": \"0 8 * * MON\", \"timeZone\": \"UTC\"}";
        for (String type : new String[] {null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "application/json; charset=ISO-8859-1", "application/json; charset=utf-16", "multipart/form-data; boundary=x"}) {
            bodies.add(Map.entry(type == null ? "none" : type, valid.getBytes(StandardCharsets.UTF_8)));
        }
        return bodies;
    }

    // --- a raw HTTP/1.1 client: the URI goes on the wire as written, malformed escapes included ---

    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String header(String name, String otherwise) {
            String value = header(name);
            return value == null ? otherwise : value;
        }

        @Override
        public String toString() {
            return status + " " + headers.get("content-type") + " " + shorten(body);
        }
    }

    private static Raw send(String method, String target, String body, String type) {
        return send(method, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                body == null ? null : type);
    }

    private static Raw send(String method, String target, byte[] body, String type) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null && type != null && !type.equals("none")) {
            headers.put("Content-Type", type);
        }
        return exchange(method, target, headers, body);
    }

    private static Raw sendWithHeader(String method, String target, String name, String value) {
        return exchange(method, target, Map.of(name, value), null);
    }

    private static Raw exchange(String method, String target, Map<String, String> extra, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n");
            head.append("Authorization: Bearer ").append(ApiClient.ADMIN_TOKEN).append("\r\n");
            extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            } else if (method.equals("POST") || method.equals("PUT")) {
                head.append("Content-Length: 0\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the server may answer (413) and close before reading it all
                }
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            return new Raw(-1, Map.of(), e.toString());
        }
    }

    private static Raw read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Raw(-1, Map.of(), "no complete answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Raw(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = i;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(n, chunked.length - lineEnd - 2));
            i = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }
}
