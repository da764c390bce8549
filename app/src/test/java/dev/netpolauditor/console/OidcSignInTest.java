package dev.netpolauditor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in at an OIDC issuer with the authorization-code flow and PKCE, against an in-process
 * issuer that checks the code verifier and signs an ID token with the flow's nonce: the person
 * gets a session with the role the API's claim mapping gives; a state that is not the
 * browser's, or a code whose verifier does not match, signs nobody in.
 */
class OidcSignInTest {
    private static final String AUDIENCE = "netpol-console";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;

    private static HttpServer issuerServer;
    private static String issuer;
    private static RSAKey key;
    private static EmbeddedServer server;
    /** code → (challenge, nonce, roles) of the authorization the issuer granted. */
    private static final Map<String, String[]> codes = new ConcurrentHashMap<>();
    private static volatile List<String> grantedRoles = List.of("npa-viewer");

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + issuerServer.getAddress().getPort() + "/realm";
        issuerServer.createContext("/realm/.well-known/openid-configuration", ex -> json(ex, """
                {"issuer": "%1$s", "jwks_uri": "%1$s/keys", "authorization_endpoint": "%1$s/auth",
                 "token_endpoint": "%1$s/token"}""".formatted(issuer)));
        issuerServer.createContext("/realm/keys", ex -> json(ex, new JWKSet(key.toPublicJWK()).toString()));
        issuerServer.createContext("/realm/auth", ex -> {
            Map<String, String> q = form(ex.getRequestURI().getRawQuery());
            String code = Sessions.randomId();
            codes.put(code, new String[] {q.get("code_challenge"), q.get("nonce"), q.get("client_id")});
            ex.getResponseHeaders().set("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                    + q.get("state"));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        issuerServer.createContext("/realm/token", ex -> {
            Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String[] granted = codes.remove(f.get("code"));
            if (granted == null || !granted[0].equals(s256(f.get("code_verifier")))) {
                ex.sendResponseHeaders(400, -1);
                ex.close();
                return;
            }
            json(ex, "{\"token_type\": \"Bearer\", \"id_token\": \"" + idToken(granted[1]) + "\"}");
        });
        issuerServer.start();

        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.auth.admin-token", ConsoleBrowserTest.ADMIN_TOKEN);
        properties.put("netpol-auditor.auth.oidc.issuer", issuer);
        properties.put("netpol-auditor.auth.oidc.audience", AUDIENCE);
        properties.put("netpol-auditor.auth.oidc.client-id", AUDIENCE);
        properties.put("netpol-auditor.auth.oidc.roles-claim", "realm_access.roles");
        properties.put("netpol-auditor.auth.oidc.viewer-values", "npa-viewer");
        properties.put("netpol-auditor.auth.oidc.auditor-values", "npa-auditor");
        server = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (issuerServer != null) {
            issuerServer.stop(0);
        }
    }

    private static String idToken(String nonce) {
        try {
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1")
                    .type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE)
                    .subject("alice").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                    .claim("nonce", nonce).claim("realm_access", Map.of("roles", grantedRoles)).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The browser's walk: the console, the issuer, back; the session cookie it ends with (or null). */
    private static String signIn(boolean keepStateCookie) throws Exception {
        String base = server.getURI().toString();
        HttpResponse<String> start = get(base + "/console/login/oidc?next=%2Fconsole%2Fclusters", null);
        assertEquals(303, start.statusCode(), start::body);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(issuer + "/auth?"), location);
        assertTrue(location.contains("code_challenge_method=S256"), location);
        String state = cookie(start, OidcController.STATE_COOKIE);
        HttpResponse<String> auth = get(location, null);
        String callback = auth.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> back = get(callback, keepStateCookie ? OidcController.STATE_COOKIE + "=" + state : null);
        if (back.statusCode() != 200) {
            assertEquals(400, back.statusCode(), back::body);
            return null;
        }
        assertTrue(back.body().contains("/console/clusters"), back.body());
        return cookie(back, SessionAuthentication.COOKIE);
    }

    @Test
    void aPersonSignsInAtTheIssuerWithTheRoleItsClaimGives() throws Exception {
        grantedRoles = List.of("npa-viewer");
        String session = signIn(true);
        assertNotNull(session);
        String base = server.getURI().toString();
        HttpResponse<String> clusters = get(base + "/console/clusters", SessionAuthentication.COOKIE + "=" + session);
        assertEquals(200, clusters.statusCode());
        assertTrue(clusters.body().contains("jwt:alice"), clusters.body());
        assertEquals(403, get(base + "/console/evidence", SessionAuthentication.COOKIE + "=" + session).statusCode());

        grantedRoles = List.of("npa-auditor");
        String auditor = signIn(true);
        assertEquals(200, get(base + "/console/evidence", SessionAuthentication.COOKIE + "=" + auditor).statusCode());
    }

    @Test
    void aCallbackWithoutTheBrowsersStateSignsNobodyIn() throws Exception {
        grantedRoles = List.of("npa-viewer");
        assertEquals(null, signIn(false));
        String base = server.getURI().toString();
        HttpResponse<String> forged = get(base + "/console/login/oidc/callback?code=x&state=y",
                OidcController.STATE_COOKIE + "=y");
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("unknown or expired"), forged.body());
    }

    @Test
    void theSignInPageOffersTheIssuer() throws Exception {
        HttpResponse<String> page = get(server.getURI() + "/console/login", null);
        assertTrue(page.body().contains("/console/login/oidc"), page.body());
    }

    private static HttpResponse<String> get(String url, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).filter(v -> !v.isEmpty()).findFirst()
                .orElse(null);
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
