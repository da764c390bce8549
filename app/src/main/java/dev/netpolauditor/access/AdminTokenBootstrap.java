package dev.netpolauditor.access;

import dev.netpolauditor.store.AccessStore;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure someone can administer a new installation. With a fixed admin token configured
 * ({@code netpol-auditor.auth.admin-token}, NETPOL_AUDITOR_ADMIN_TOKEN), its hash is stored as
 * an admin token and nothing is printed. Otherwise, when no active admin token exists, one is
 * created and its text printed once to stderr; the next start finds it and prints nothing.
 * Replicas starting together take turns on an advisory lock, so only one creates a token.
 */
@Singleton
final class AdminTokenBootstrap implements ApplicationEventListener<ServerStartupEvent> {
    static final String FIRST_NAME = "first admin";
    static final String SEEDED_NAME = "admin (NETPOL_AUDITOR_ADMIN_TOKEN)";
    private static final Logger LOG = LoggerFactory.getLogger("netpol-auditor.access");

    private final AccessStore store;
    private final String fixedToken;

    AdminTokenBootstrap(AccessStore store, @Value("${netpol-auditor.auth.admin-token:}") String fixedToken) {
        this.store = store;
        this.fixedToken = fixedToken.strip();
        if (!this.fixedToken.isEmpty()) {
            String problem = ApiTokens.problemWith(this.fixedToken);
            if (problem != null) {
                // the reason only, never the value
                throw new IllegalArgumentException("netpol-auditor.auth.admin-token (NETPOL_AUDITOR_ADMIN_TOKEN) cannot"
                        + " be used: " + problem + ". Make one with: echo npa_$(openssl rand -base64 32 | tr '+/'"
                        + " '-_' | tr -d '=')");
            }
        }
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        ensureAdmin(System.err);
    }

    void ensureAdmin(PrintStream console) {
        if (!fixedToken.isEmpty()) {
            switch (store.seedAdmin(SEEDED_NAME, ApiTokens.hash(fixedToken), "NETPOL_AUDITOR_ADMIN_TOKEN")) {
                case CREATED -> LOG.info("admin API token from NETPOL_AUDITOR_ADMIN_TOKEN stored (its hash only)");
                case ALREADY_ACTIVE -> LOG.debug("admin API token from NETPOL_AUDITOR_ADMIN_TOKEN already stored");
                case REVOKED -> LOG.warn("the admin API token from NETPOL_AUDITOR_ADMIN_TOKEN has been revoked and"
                        + " stays revoked; set a new one");
            }
            return;
        }
        String token = ApiTokens.generate();
        if (store.createFirstAdmin(FIRST_NAME, ApiTokens.hash(token), "bootstrap")) {
            LOG.info("no active admin API token: created one and printed it to stderr, once");
            console.println("netpol-auditor: admin API token (shown once): " + token);
            console.flush();
        }
    }
}
