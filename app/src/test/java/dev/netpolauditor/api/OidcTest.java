package dev.netpolauditor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.netpolauditor.api.ApiClient.Answer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWTs from an OIDC issuer: an in-process issuer serves its discovery document and key set
 * (JWKS); tokens are signed here with its RSA key, or with a stranger's. The service finds the
 * key set through discovery, and reads roles from a nested claim mapped to our role names.
 */
class OidcTest {
    private static final String AUDIENCE = "netpol-auditor";

    @TempDir
    static Path tmp;

    private static HttpServer issuerServer;
    private static String issuer;
    private static RSAKey key;
    private static RSAKey stranger;
    private static EmbeddedServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        stranger = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + issuerServer.getAddress().getPort() + "/realms/test";
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        String discovery = "{\"issuer\": \"" + issuer + "\", \"jwks_uri\": \"" + issuer + "/keys\"}";
        issuerServer.createContext("/realms/test/.well-known/openid-configuration", exchange -> serve(exchange,
                discovery));
        issuerServer.createContext("/realms/test/keys", exchange -> serve(exchange, jwks));
        issuerServer.start();

        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("netpol-auditor.database.embedded-data-dir", tmp.resolve("postgres").toString());
        properties.put("netpol-auditor.scheduler.enabled", "false");
        properties.put("netpol-auditor.clusters.demo.manifests", "classpath:examples/web-api-db");
        properties.put("netpol-auditor.auth.oidc.issuer", issuer);
        properties.put("netpol-auditor.auth.oidc.audience", AUDIENCE);
        properties.put("netpol-auditor.auth.oidc.roles-claim", "realm_access.roles");
        properties.put("netpol-auditor.auth.oidc.viewer-values", "npa-viewer");
        properties.put("netpol-auditor.auth.oidc.admin-values", "npa-admin, platform-admins");
        server = ApplicationContext.run(EmbeddedServer.class, ApiClient.withAdminToken(properties));
        api = new ApiClient(server.getURI());
    }

    private static void serve(com.sun.net.httpserver.HttpExchange exchange, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
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

    /** A token for {@code alice} with the given roles, changed by {@code edit}, signed with {@code signer}. */
    private static String token(RSAKey signer, List<String> roles, Consumer<JWTClaimsSet.Builder> edit)
            throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(List.of(AUDIENCE, "account")).subject("alice")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("realm_access", Map.of("roles", roles));
        edit.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static String token(List<String> roles) throws Exception {
        return token(key, roles, c -> {});
    }

    private static int status(String token, String path) {
        Answer answer = api.as(token).get(path);
        return answer.status();
    }

    @Test
    void aValidTokenWithAMappedRoleGetsIn() throws Exception {
        assertEquals(200, status(token(List.of("offline_access", "npa-viewer")), "/api/v1/clusters"));
        assertEquals(403, status(token(List.of("npa-viewer")), "/api/v1/tokens"), "a viewer is no admin");
        assertEquals(200, status(token(List.of("platform-admins")), "/api/v1/tokens"));
    }

    @Test
    void theActorOfAnOidcCallerIsItsSubject() throws Exception {
        Answer taken = api.as(token(List.of("npa-admin"))).post("/api/v1/clusters/demo/snapshots?wait=true");
        assertEquals(201, taken.status(), taken::toString);
        Answer log = api.as(ApiClient.ADMIN_TOKEN).get("/api/v1/audit-log?limit=1");
        assertEquals("jwt:alice", log.json().get("items").get(0).get("actor").asText());
    }

    @Test
    void aValidTokenWithoutAnyMappedRoleIsForbiddenEverywhere() throws Exception {
        String roleless = token(List.of("offline_access"));
        assertEquals(403, status(roleless, "/api/v1/clusters"));
        assertEquals(403, status(roleless, "/openapi/netpol-auditor-0.1.0.yml"));
        assertEquals(403, status(roleless, "/prometheus"));
        assertEquals(403, status(token(key, List.of(), c -> c.claim("realm_access", null)), "/api/v1/clusters"));
    }

    @Test
    void wrongIssuerAudienceExpiryOrSignatureAuthenticatesNobody() throws Exception {
        List<String> admin = List.of("npa-admin");
        Map<String, String> tokens = new HashMap<>();
        tokens.put("wrong issuer", token(key, admin, c -> c.issuer(issuer + "-other")));
        tokens.put("wrong audience", token(key, admin, c -> c.audience("another-client")));
        tokens.put("no audience", token(key, admin, c -> c.audience((String) null)));
        tokens.put("expired", token(key, admin, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))));
        tokens.put("no expiry", token(key, admin, c -> c.expirationTime(null)));
        tokens.put("not yet valid", token(key, admin, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))));
        tokens.put("no subject", token(key, admin, c -> c.subject(null)));
        tokens.put("signed by a stranger with the issuer's key id", token(stranger, admin, c -> {}));
        tokens.put("unsigned (alg none)", new PlainJWT(new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE)
                .subject("alice").expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("realm_access", Map.of("roles", admin)).build()).serialize());
        String good = token(admin);
        String[] parts = good.split("\\.");
        tokens.put("payload swapped", parts[0] + "." + token(key, admin, c -> c.subject("mallory")).split("\\.")[1]
                + "." + parts[2]);
        tokens.forEach((what, token) -> {
            Answer answer = api.as(token).get("/api/v1/clusters");
            assertEquals(401, answer.status(), () -> what + ": " + answer);
            assertTrue(answer.header("WWW-Authenticate").startsWith("Bearer"), what);
        });
        assertEquals(200, status(good, "/api/v1/tokens"), "the same claims, properly signed, get in");
    }
}
