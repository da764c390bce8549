package dev.netpolauditor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP client for the API's tests: status, headers and the body as JSON, nothing hidden.
 * With a token, every request carries {@code Authorization: Bearer <token>}.
 */
final class ApiClient {
    /** The admin token the API's tests configure (netpol-auditor.auth.admin-token). */
    static final String ADMIN_TOKEN = "npa_test-admin-token-0123456789abcdefghijklmnopqrstuv";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    ApiClient(URI base) {
        this(base, null);
    }

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same service, with another token (null: none). */
    ApiClient as(String otherToken) {
        return new ApiClient(base, otherToken);
    }

    /** The properties that give a test service the admin token {@link #ADMIN_TOKEN}. */
    static Map<String, Object> withAdminToken(Map<String, Object> properties) {
        Map<String, Object> out = new HashMap<>(properties);
        out.put("netpol-auditor.auth.admin-token", ADMIN_TOKEN);
        return out;
    }

    /** An answer: status, content type, Location, body text, (when JSON) the parsed body, and all headers. */
    record Answer(int status, String contentType, String location, String text, JsonNode json,
            Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + text;
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** GET accepting {@code accept} rather than JSON. */
    Answer get(String path, String accept) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), accept);
    }

    Answer post(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    /** POST with a JSON body. */
    Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method, with or without a JSON body. */
    Answer send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Answer send(HttpRequest.Builder request) {
        return send(request, "application/json");
    }

    private Answer send(HttpRequest.Builder request, String accept) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60))
                    .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (type.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), type, response.headers().firstValue("Location").orElse(null),
                    response.body(), json, response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
