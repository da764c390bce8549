package dev.netpolauditor.api;

import dev.netpolauditor.fuzz.Fuzzer;
import io.micronaut.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API's own parameter and body binding fuzzed (see {@link Fuzzer}): every fuzzed value of
 * every kind of parameter (limits, offsets, instants, ranges, flags, ports, protocols, ids,
 * choices), every fuzzed URL through the request guard and every fuzzed body through the JSON
 * reader is either taken or refused with a 4xx problem in our words — never another exception,
 * never a Java class or parser internals in the detail. (The hostile-input route test checks
 * the same through HTTP for a table of values; this explores.)
 */
class ParamsFuzzTest {
    private static final Pattern LEAK = Pattern.compile("[A-Za-z]Exception\\b|java\\.|\\$[A-Z]|jackson|fasterxml"
            + "|StreamRead|micronaut|\\bat [a-z]+\\.");
    private static final List<String> TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/json; charset=latin1", "text/plain", "application/merge-patch+json", "");

    @Test
    void parameters() {
        Fuzzer.run("api-parameters", bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] parts = text.split("[&?=]", -1);
            for (String value : parts) {
                String other = parts[parts.length - 1];
                List<String> sent = List.of(value, other);
                refusedIn4xx(sent, () -> Params.limit(value));
                refusedIn4xx(sent, () -> Params.offset(value));
                refusedIn4xx(sent, () -> Params.instant("at", value));
                refusedIn4xx(sent, () -> Params.range(value, other));
                refusedIn4xx(sent, () -> Params.flag("wait", value));
                refusedIn4xx(sent, () -> Params.port(value));
                refusedIn4xx(sent, () -> Params.protocol(value));
                refusedIn4xx(sent, () -> Params.id("report", value));
                refusedIn4xx(sent, () -> Params.oneOf("status", value, List.of("complete", "failed")));
                refusedIn4xx(sent, () -> Params.required("from", value, "the source"));
            }
            guard(text);
        });
    }

    @Test
    void bodies() {
        Fuzzer.run("api-bodies", bytes -> {
            String type = TYPES.get(bytes.length % TYPES.size());
            HttpRequest<?> request = type.isEmpty() ? HttpRequest.POST("/api/v1/subscriptions", bytes)
                    : HttpRequest.POST("/api/v1/subscriptions", bytes).contentType(type);
            List<String> sent = List.of(new String(bytes, StandardCharsets.UTF_8), type);
            refusedIn4xx(sent, () -> JsonBodies.read(request, bytes, SubscriptionsController.SubscriptionRequest.class,
                    "{}"));
            refusedIn4xx(sent, () -> JsonBodies.read(request, bytes, TokensController.TokenRequest.class, "{}"));
        });
    }

    private static void guard(String raw) {
        URI uri;
        try {
            uri = new URI("http://127.0.0.1/api/v1/" + raw.replace(" ", "%20"));
        } catch (URISyntaxException e) {
            return; // not a URI a request can carry: the HTTP decoder refuses it first
        }
        String problem = RequestGuard.problem(uri);
        if (problem != null && LEAK.matcher(problem).find()) { // the guard quotes nothing of the request
            throw new AssertionError("the guard's answer leaks: " + problem);
        }
    }

    /**
     * The binding takes the value or refuses it with a 4xx; a refusal may quote what was sent
     * (that is the caller's own text), but nothing else of Java, the framework or the parser.
     */
    private static void refusedIn4xx(List<String> sent, Runnable binding) {
        try {
            binding.run();
        } catch (ApiProblem problem) {
            int status = problem.status().getCode();
            if (status < 400 || status >= 500) {
                throw new AssertionError("a refusal that is not 4xx: " + status + " " + problem.getMessage());
            }
            String ours = problem.getMessage();
            for (String value : sent) {
                String quoted = Params.quote(value);
                ours = ours.replace(quoted.endsWith("...") ? quoted.substring(0, quoted.length() - 3) : quoted, "")
                        .replace(value, "");
            }
            ours = ours.replaceAll("'[^']*'", "''"); // names and values quoted back from the body
            if (LEAK.matcher(ours).find()) {
                throw new AssertionError("a refusal that leaks: " + problem.getMessage());
            }
        }
    }
}
