package dev.netpolauditor.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.access.OidcSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OIDC authorization-code flow with PKCE (S256), for people signing in to the console at the
 * configured issuer: {@link #start} says where to send the browser, {@link #finish} exchanges the
 * code for tokens at the issuer's token endpoint. The tokens are then checked exactly as the
 * API checks bearer tokens (signature, issuer, audience, expiry, the roles claim), by the
 * caller. A flow not finished within {@value #PENDING_MINUTES} minutes is forgotten.
 */
public final class OidcSignIn {
    static final int PENDING_MINUTES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OidcSettings settings;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Endpoints endpoints;

    /** A flow under way: its PKCE verifier, nonce, where the person was going, when it began. */
    record Pending(String verifier, String nonce, String next, String redirectUri, Instant started) {}

    /** The issuer's endpoints, from its discovery document. */
    record Endpoints(URI authorization, URI token) {}

    /** The tokens the issuer answered with; either may be null. */
    public record Tokens(String idToken, String accessToken, String nonce) {}

    public OidcSignIn(OidcSettings settings, String clientId, String clientSecret, Clock clock) {
        this.settings = settings;
        this.clientId = clientId == null ? "" : clientId.strip();
        this.clientSecret = clientSecret == null ? "" : clientSecret.strip();
        this.clock = clock;
    }

    /** Whether people can sign in at the issuer: an issuer and a client id are configured. */
    public boolean enabled() {
        return settings.enabled() && !clientId.isEmpty();
    }

    public String issuer() {
        return settings.issuer();
    }

    /** The flow's state (for the browser's cookie) and the issuer's address to send the browser to. */
    public record Start(String state, URI location) {}

    public Start start(String next, String redirectUri) throws IOException, InterruptedException {
        Endpoints e = endpoints();
        forgetOld();
        String state = Sessions.randomId();
        String verifier = Sessions.randomId();
        String nonce = Sessions.randomId();
        pending.put(state, new Pending(verifier, nonce, next, redirectUri, clock.instant()));
        String query = "response_type=code&client_id=" + Html.query(clientId) + "&redirect_uri="
                + Html.query(redirectUri) + "&scope=" + Html.query("openid profile email") + "&state=" + state
                + "&nonce=" + nonce + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
        String base = e.authorization().toString();
        return new Start(state, URI.create(base + (base.contains("?") ? "&" : "?") + query));
    }

    /**
     * The flow named by {@code state}, which must equal the one kept in the browser's cookie,
     * taken (a state is used once).
     */
    public Optional<Pending> take(String state, String cookieState) {
        if (state == null || cookieState == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                cookieState.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        Pending p = pending.remove(state);
        if (p == null || clock.instant().isAfter(p.started().plus(Duration.ofMinutes(PENDING_MINUTES)))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Exchanges the code at the token endpoint. */
    public Tokens finish(Pending flow, String code) throws IOException, InterruptedException {
        Endpoints e = endpoints();
        String form = "grant_type=authorization_code&code=" + Html.query(code) + "&redirect_uri="
                + Html.query(flow.redirectUri()) + "&client_id=" + Html.query(clientId) + "&code_verifier="
                + flow.verifier();
        HttpRequest.Builder request = HttpRequest.newBuilder(e.token()).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!clientSecret.isEmpty()) {
            String basic = Html.query(clientId) + ":" + Html.query(clientSecret);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    basic.getBytes(StandardCharsets.UTF_8)));
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException("the issuer's token endpoint answered " + answer.statusCode());
            }
            JsonNode body = JSON.readTree(answer.body());
            return new Tokens(text(body, "id_token"), text(body, "access_token"), flow.nonce());
        }
    }

    /** The {@code nonce} claim of a JWT whose signature was already checked. */
    static String nonceOf(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return text(claims, "nonce");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(Duration.ofMinutes(PENDING_MINUTES));
        pending.values().removeIf(p -> p.started().isBefore(cutoff));
    }

    private Endpoints endpoints() throws IOException, InterruptedException {
        Endpoints e = endpoints;
        if (e != null) {
            return e;
        }
        String base = settings.issuer().endsWith("/") ? settings.issuer() : settings.issuer() + "/";
        URI config = URI.create(base + ".well-known/openid-configuration");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(config).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException(config + " answered " + answer.statusCode());
            }
            JsonNode doc = JSON.readTree(answer.body());
            String authorization = text(doc, "authorization_endpoint");
            String token = text(doc, "token_endpoint");
            if (authorization == null || token == null) {
                throw new IOException(config + " names no authorization_endpoint or token_endpoint");
            }
            e = new Endpoints(URI.create(authorization), URI.create(token));
            endpoints = e;
            return e;
        }
    }

    private static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
