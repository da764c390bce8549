package dev.netpolauditor.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Authenticates JWTs from the configured OIDC issuer: the signature against the issuer's
 * key set (JWKS, fetched and cached, refetched when a token names a key it does not hold;
 * asymmetric algorithms only, unsigned tokens never), {@code iss} exactly, {@code aud}
 * containing the audience, {@code exp} required and not passed, {@code nbf} honoured,
 * {@code sub} required. The caller's role is the highest one its roles claim grants; a valid
 * token granting none authenticates a caller who may do nothing (403).
 *
 * <p>micronaut-security-jwt's own validator is switched off ({@code micronaut.security.token.jwt.enabled:
 * false}): with no signature configured it would accept unsigned tokens, and its claim
 * checks are all opt-in.
 */
@Singleton
final class OidcTokenValidator implements TokenValidator<HttpRequest<?>> {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.access");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final OidcSettings settings;
    private final Scheduler blocking;
    private volatile ConfigurableJWTProcessor<SecurityContext> processor;

    OidcTokenValidator(OidcSettings settings, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.settings = settings;
        this.blocking = Schedulers.fromExecutorService(blocking);
        if (settings.enabled()) {
            LOG.info("OIDC tokens from issuer {} (audience {}, roles claim {})", settings.issuer(),
                    settings.audience(), settings.rolesClaim());
        }
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!settings.enabled() || ApiTokens.looksLikeToken(token)) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> authenticate(token)).flatMap(Mono::justOrEmpty).subscribeOn(blocking);
    }

    private Optional<Authentication> authenticate(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        } catch (Exception e) {
            // the reason only: never the token
            LOG.debug("OIDC token rejected: {}", e.getMessage());
            return Optional.empty();
        }
        Role role = null;
        for (String value : roleValues(claims)) {
            Role granted = settings.roleOf(value);
            if (granted != null && (role == null || granted.compareTo(role) > 0)) {
                role = granted;
            }
        }
        return Optional.of(Authentication.build(Actors.jwt(claims.getSubject()),
                role == null ? List.of() : role.granted(),
                Map.of(Actors.KIND, "oidc", "sub", claims.getSubject(), "iss", claims.getIssuer())));
    }

    /** The values of the roles claim, following its dotted path through nested objects. */
    List<String> roleValues(JWTClaimsSet claims) {
        Object value = claims.getClaims();
        for (String step : settings.rolesClaim().split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(step);
        }
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        } else if (value instanceof String s) {
            for (String part : s.split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    private ConfigurableJWTProcessor<SecurityContext> processor() throws IOException, InterruptedException {
        ConfigurableJWTProcessor<SecurityContext> p = processor;
        if (p == null) {
            synchronized (this) {
                p = processor;
                if (p == null) {
                    p = build(settings.jwksUri() != null ? settings.jwksUri() : discover());
                    processor = p;
                }
            }
        }
        return p;
    }

    private ConfigurableJWTProcessor<SecurityContext> build(URI jwks) throws IOException {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks.toURL()).retrying(true).build();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
                null));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), new HashSet<>(List.of("sub", "exp")));
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        LOG.info("OIDC: verifying token signatures with the key set at {}", jwks);
        return p;
    }

    /** The issuer's {@code jwks_uri}, from its OpenID provider configuration. */
    private URI discover() throws IOException, InterruptedException {
        String base = settings.issuer().endsWith("/") ? settings.issuer() : settings.issuer() + "/";
        URI config = URI.create(base + ".well-known/openid-configuration");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(config)
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IOException(config + " answered " + answer.statusCode());
            }
            JsonNode jwks = JSON.readTree(answer.body()).get("jwks_uri");
            if (jwks == null || !jwks.isTextual()) {
                throw new IOException(config + " has no jwks_uri");
            }
            return URI.create(jwks.asText());
        } catch (IOException e) {
            LOG.warn("OIDC: cannot discover the key set of issuer {}: {}; set netpol-auditor.auth.oidc.jwks-uri"
                    + " (NETPOL_AUDITOR_OIDC_JWKS_URI) to name it", settings.issuer(), e.getMessage());
            throw e;
        }
    }
}
