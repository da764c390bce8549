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
    void aPageServedFromItsRenderedItemsIsTheListAsJacksonWritesIt() throws Exception {
        // pages are put together from each item's bytes, rendered once when added: the same text
        // as writing the whole list, an empty page included
        for (String path : List.of("/api/v1/pods?limit=2", "/api/v1/pods", "/api/v1/namespaces/prod/pods?limit=3",
                "/api/v1/namespaces/none/pods", "/api/v1/namespaces")) {
            String body = get(path).body();
            JsonNode list = JSON.readTree(body);
            assertEquals(JSON.writeValueAsString(list), body, path);
            assertTrue(list.get("items").isArray(), path);
        }
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
    void namespacedKindsAnswerInOneNamespaceAndClusterScopedOnesOnlyClusterWide() throws Exception {
        api.add(Resource.PODS, "{\"metadata\":{\"name\":\"q\",\"namespace\":\"dev\"}}");
        api.installCalicoApi()
                .add(Resource.CALICO_GLOBAL_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"deny\"},\"spec\":{}}")
                .add(Resource.CALICO_NETWORK_POLICIES, "{\"metadata\":{\"name\":\"np\",\"namespace\":\"dev\"}}");

        JsonNode dev = JSON.readTree(get("/api/v1/namespaces/dev/pods").body());
        assertEquals(1, dev.get("items").size());
        assertEquals("q", dev.get("items").get(0).get("metadata").get("name").asText());
        assertEquals(6, JSON.readTree(get("/api/v1/pods").body()).get("items").size());
        assertEquals(1, JSON.readTree(get("/apis/projectcalico.org/v3/namespaces/dev/networkpolicies").body())
                .get("items").size());
        assertEquals(0, JSON.readTree(get("/apis/projectcalico.org/v3/namespaces/prod/networkpolicies").body())
                .get("items").size());
        assertEquals(200, get("/apis/projectcalico.org/v3/globalnetworkpolicies").statusCode());
        assertEquals(404, get("/apis/projectcalico.org/v3/namespaces/dev/globalnetworkpolicies").statusCode(),
                "a cluster-scoped kind has no namespaced path");
        assertEquals(404, get("/api/v1/pods/q").statusCode(), "a namespaced object is got in its namespace");
    }

    @Test
    void oneObjectByNameCarriesItsKindAndAMissingOneIs404() throws Exception {
        api.add(Resource.CONFIG_MAPS, "{\"metadata\":{\"name\":\"cilium-config\",\"namespace\":\"kube-system\"},"
                + "\"data\":{\"enable-policy\":\"always\"}}");
        api.add(Resource.NAMESPACES, "{\"metadata\":{\"name\":\"kube-system\"}}");

        HttpResponse<String> config = get("/api/v1/namespaces/kube-system/configmaps/cilium-config");
        assertEquals(200, config.statusCode());
        JsonNode object = JSON.readTree(config.body());
        assertEquals("ConfigMap", object.get("kind").asText());
        assertEquals("v1", object.get("apiVersion").asText());
        assertEquals("always", object.get("data").get("enable-policy").asText());
        assertTrue(object.get("metadata").has("resourceVersion"));
        assertEquals(404, get("/api/v1/namespaces/prod/configmaps/cilium-config").statusCode());
        HttpResponse<String> missing = get("/api/v1/namespaces/kube-system/configmaps/other");
        assertEquals(404, missing.statusCode());
        assertEquals("configmaps \"other\" not found", JSON.readTree(missing.body()).get("message").asText());
        assertEquals("Namespace", JSON.readTree(get("/api/v1/namespaces/kube-system").body()).get("kind").asText());
    }

    @Test
    void aNetworkPluginsApiIsServedOnlyOnceInstalled() throws Exception {
        assertEquals(404, get("/apis/projectcalico.org/v3").statusCode(), "no group version without the plugin's API");
        assertEquals(404, get("/apis/projectcalico.org/v3/tiers").statusCode());
        assertEquals(404, get("/apis/cilium.io/v2").statusCode());

        api.installCalicoApi().installCiliumCrds();

        JsonNode calico = JSON.readTree(get("/apis/projectcalico.org/v3").body());
        assertEquals("projectcalico.org/v3", calico.get("groupVersion").asText());
        java.util.Map<String, Boolean> namespaced = new java.util.TreeMap<>();
        calico.get("resources").forEach(r -> namespaced.put(r.get("name").asText(), r.get("namespaced").asBoolean()));
        assertEquals(java.util.Map.of("networkpolicies", true, "globalnetworkpolicies", false, "tiers", false,
                "networksets", true, "globalnetworksets", false, "stagednetworkpolicies", true,
                "stagedglobalnetworkpolicies", false, "stagedkubernetesnetworkpolicies", true), namespaced);
        assertEquals(200, get("/apis/projectcalico.org/v3/tiers").statusCode());
        JsonNode cilium = JSON.readTree(get("/apis/cilium.io/v2").body());
        assertEquals(2, cilium.get("resources").size());
        assertEquals("CiliumNetworkPolicyList", JSON.readTree(get("/apis/cilium.io/v2/ciliumnetworkpolicies").body())
                .get("kind").asText());
    }

    @Test
    void discoveryCanBeScriptedToFailAsAnAggregatedApiServerThatIsDown() throws Exception {
        api.installCalicoApi().failNextDiscovery("/apis/projectcalico.org/v3", 503);

        HttpResponse<String> down = get("/apis/projectcalico.org/v3");
        assertEquals(503, down.statusCode());
        assertEquals("service unavailable\n", down.body(), "the aggregator answers in plain text, not a Status");
        assertEquals(200, get("/apis/projectcalico.org/v3").statusCode());
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
