package dev.netpolauditor.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netpolauditor.kube.FakeKubernetesApi.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake must speak the LIST protocol the way the real API server does, or collector tests prove nothing. */
class FakeKubernetesApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeKubernetesApi api;

    @BeforeEach
    void start() throws Exception {
        api = FakeKubernetesApi.start();
        for (int i = 0; i < 5; i++) {
            api.add(Resource.PODS, "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p" + i
                    + "\",\"namespace\":\"prod\"}}");
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesWithContinueTokensUntilTheListIsComplete() throws Exception {
        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HttpResponse<String> response = get("/api/v1/pods?limit=2" + (token == null ? "" : "&continue=" + token));
            assertEquals(200, response.statusCode());
            JsonNode list = JSON.readTree(response.body());
            assertEquals("PodList", list.get("kind").asText());
            assertFalse(list.get("items").get(0).has("kind"), "typed list items carry no kind");
            list.get("items").forEach(item -> names.add(item.get("metadata").get("name").asText()));
            token = list.get("metadata").path("continue").asText(null);
            pages++;
        } while (token != null);
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), names);
        assertEquals(3, pages);
    }

    @Test
    void anExpiredContinueTokenGets410AndAFreshListStillWorks() throws Exception {
        api.expireNextContinue(Resource.PODS);
        String token = JSON.readTree(get("/api/v1/pods?limit=2").body()).get("metadata").get("continue").asText();
        HttpResponse<String> expired = get("/api/v1/pods?limit=2&continue=" + token);
        assertEquals(410, expired.statusCode());
        assertEquals("Expired", JSON.readTree(expired.body()).get("reason").asText());
        assertEquals(200, get("/api/v1/pods?limit=2").statusCode());
    }

    @Test
    void throttlingCarriesRetryAfterAndServerErrorsAreScriptedOnce() throws Exception {
        api.failNext(Resource.PODS, 429, "2").failNext(Resource.PODS, 500, null);
        HttpResponse<String> throttled = get("/api/v1/pods");
        assertEquals(429, throttled.statusCode());
        assertEquals("2", throttled.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(500, get("/api/v1/pods").statusCode());
        assertEquals(200, get("/api/v1/pods").statusCode());
        assertEquals(3, api.requests().size());
    }

    @Test
    void objectsGetUidsAndResourceVersionsAndUnknownPathsAre404() throws Exception {
        JsonNode list = JSON.readTree(get("/api/v1/pods").body());
        JsonNode first = list.get("items").get(0).get("metadata");
        assertTrue(first.has("uid") && first.has("resourceVersion"));
        assertTrue(list.get("metadata").has("resourceVersion"));
        assertEquals(404, get("/api/v1/secrets").statusCode());
    }
}
