package dev.netpolauditor.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, before any controller or query sees it, a URL whose path segments or parameters
 * decode to something no parameter of the API can be: a control character (NUL above all,
 * which PostgreSQL refuses in text), a malformed percent-escape, or bytes that are not UTF-8.
 * Every route is covered at once, including those added later. Runs after authentication, so
 * a caller without credentials still gets 401 and learns nothing more.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestGuard implements Ordered {

    @RequestFilter
    @Nullable
    HttpResponse<Problem> check(HttpRequest<?> request) {
        String problem = problem(request.getUri());
        return problem == null ? null : ProblemHandlers.answer(ApiProblem.badParameter(problem));
    }

    /** What is wrong with the URI's path or query, or null when nothing is. */
    static String problem(URI uri) {
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        String found = path == null ? null : problem(path, false, "the path");
        if (found == null && query != null) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String name = decodeOrNull(rawName, true);
                String label = name == null || hasControl(name) ? "a parameter name" : "parameter '" + name + "'";
                found = problem(rawName, true, label);
                if (found == null && eq >= 0) {
                    found = problem(pair.substring(eq + 1), true, label);
                }
                if (found != null) {
                    break;
                }
            }
        }
        return found;
    }

    private static String problem(String raw, boolean query, String what) {
        String decoded;
        try {
            decoded = decode(raw, query);
        } catch (IllegalArgumentException e) {
            return what + " holds a malformed %-escape or bytes that are not UTF-8; encode text as UTF-8, each"
                    + " reserved byte as %XX";
        }
        if (hasControl(decoded)) {
            return what + " holds a control character (such as NUL, %00); names, ids and instants are plain text";
        }
        return null;
    }

    private static String decodeOrNull(String raw, boolean query) {
        try {
            return decode(raw, query);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Percent-decoding as UTF-8, strictly: a bad escape or a byte sequence that is not UTF-8 throws. */
    static String decode(String raw, boolean query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8");
        }
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
