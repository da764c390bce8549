package dev.netpolauditor.console;

import dev.netpolauditor.access.OidcSettings;
import dev.netpolauditor.service.SnapshotContents;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** The console's parts, from {@code netpol-auditor.console.*} and {@code netpol-auditor.auth.oidc.*}. */
@Factory
final class ConsoleFactory {

    @Singleton
    Sessions sessions(@Value("${netpol-auditor.console.session-idle:30m}") Duration idle,
            @Value("${netpol-auditor.console.session-max:8h}") Duration max) {
        return new Sessions(idle, max, Clock.systemUTC());
    }

    @Singleton
    OidcSignIn oidcSignIn(OidcSettings settings, @Value("${netpol-auditor.auth.oidc.client-id:}") String clientId,
            @Value("${netpol-auditor.auth.oidc.client-secret:}") String clientSecret) {
        return new OidcSignIn(settings, clientId, clientSecret, Clock.systemUTC());
    }

    @Singleton
    Analyses analyses(SnapshotContents contents) {
        return new Analyses(contents);
    }
}
