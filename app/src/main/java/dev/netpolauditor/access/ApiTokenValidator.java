package dev.netpolauditor.access;

import dev.netpolauditor.store.AccessStore;
import dev.netpolauditor.store.AccessStore.StoredToken;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Authenticates {@code Authorization: Bearer npa_...} by the token's SHA-256: the hash is
 * looked up (an equality match on a unique index), so no comparison of secrets happens in
 * this process, and the time taken says nothing about how close a guess was. A revoked
 * token matches nothing from the moment it is revoked. Tokens are never logged.
 */
@Singleton
final class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.access");

    private final AccessStore store;
    private final Scheduler blocking;

    ApiTokenValidator(AccessStore store, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.store = store;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (!ApiTokens.looksLikeToken(token)) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> authenticate(token)).flatMap(Mono::justOrEmpty).subscribeOn(blocking);
    }

    private Optional<Authentication> authenticate(String token) {
        Optional<StoredToken> found = store.activeToken(ApiTokens.hash(token));
        if (found.isEmpty()) {
            LOG.debug("an unknown or revoked API token was presented");
            return Optional.empty();
        }
        StoredToken t = found.get();
        Optional<Role> role = Role.byName(t.role());
        if (role.isEmpty()) {
            return Optional.empty();
        }
        store.touch(t.id());
        return Optional.of(Authentication.build(Actors.token(t.id(), t.name()), role.get().granted(),
                Map.of(Actors.KIND, "api-token", "token_id", t.id(), "token_name", t.name())));
    }
}
