package dev.netpolauditor.access;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where OIDC tokens come from and what they must say ({@code netpol-auditor.auth.oidc.*}).
 * Without an issuer, OIDC is off and only API tokens authenticate.
 *
 * @param issuer the {@code iss} every token must carry exactly; blank: OIDC off
 * @param audience a value the token's {@code aud} must contain (required with an issuer)
 * @param jwksUri the issuer's key set; null: read {@code jwks_uri} from the issuer's
 *     {@code /.well-known/openid-configuration}
 * @param rolesClaim the claim holding the caller's roles, a dotted path into nested objects
 *     ({@code realm_access.roles}); its value is a list of strings or one string of
 *     space- or comma-separated values
 * @param roleValues for each of our roles, the claim values that grant it
 * @param clockSkew how far {@code exp} and {@code nbf} may be off
 */
public record OidcSettings(String issuer, String audience, URI jwksUri, String rolesClaim,
        Map<Role, List<String>> roleValues, Duration clockSkew) {

    public OidcSettings {
        issuer = issuer == null ? "" : issuer.strip();
        audience = audience == null ? "" : audience.strip();
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim.strip();
        roleValues = Map.copyOf(roleValues);
        if (!issuer.isEmpty() && audience.isEmpty()) {
            throw new IllegalArgumentException("netpol-auditor.auth.oidc.audience (NETPOL_AUDITOR_OIDC_AUDIENCE) must"
                    + " be set when an OIDC issuer is: tokens the issuer made for other clients must not be accepted");
        }
    }

    public boolean enabled() {
        return !issuer.isEmpty();
    }

    /** The role a claim value grants, if any. */
    Role roleOf(String claimValue) {
        Role best = null;
        for (Map.Entry<Role, List<String>> e : roleValues.entrySet()) {
            if (e.getValue().contains(claimValue) && (best == null || e.getKey().compareTo(best) > 0)) {
                best = e.getKey();
            }
        }
        return best;
    }
}
