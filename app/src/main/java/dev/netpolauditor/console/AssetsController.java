package dev.netpolauditor.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console's stylesheet and script, from the jar: no CDN, so it works air-gapped. Open to
 * anyone (the sign-in page needs them); they hold no data.
 */
@Controller("/console/assets")
@Secured(SecurityRule.IS_ANONYMOUS)
final class AssetsController {
    private static final Map<String, String> ASSETS = Map.of("console.css", "text/css;charset=utf-8",
            "console.js", "text/javascript;charset=utf-8");

    @Get("/{name}")
    HttpResponse<byte[]> asset(@PathVariable String name) {
        String type = ASSETS.get(name);
        if (type == null) {
            return HttpResponse.notFound();
        }
        try (InputStream in = AssetsController.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return HttpResponse.notFound();
            }
            return HttpResponse.ok(in.readAllBytes()).contentType(type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
