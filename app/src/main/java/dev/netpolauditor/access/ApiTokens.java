package dev.netpolauditor.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The text of API tokens: {@value #PREFIX} and 256 random bits in base64url (43 characters),
 * so that secret scanners can spot them and nothing can guess them. Only their SHA-256 is
 * stored; a request's token is found by hashing it and looking the hash up.
 */
public final class ApiTokens {
    public static final String PREFIX = "npa_";
    /** Random bytes per generated token. */
    static final int RANDOM_BYTES = 32;
    /** Shortest secret part accepted for a token given from outside (the admin token setting). */
    static final int MIN_SECRET_CHARS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {}

    /** A new token's text. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code text} has the shape of an API token (as opposed to a JWT). */
    public static boolean looksLikeToken(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** Why a token given from outside cannot be used, or null when it can. */
    static String problemWith(String text) {
        if (!looksLikeToken(text)) {
            return "it must start with " + PREFIX;
        }
        String secret = text.substring(PREFIX.length());
        if (secret.length() < MIN_SECRET_CHARS) {
            return "its part after " + PREFIX + " must be at least " + MIN_SECRET_CHARS + " characters";
        }
        if (!secret.matches("[A-Za-z0-9_-]+")) {
            return "its part after " + PREFIX + " must be base64url (letters, digits, - and _)";
        }
        return null;
    }

    /** SHA-256 of the token text, lower-case hex: what the database keeps. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
