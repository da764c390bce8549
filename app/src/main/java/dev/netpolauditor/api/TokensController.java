package dev.netpolauditor.api;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.ApiTokens;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.service.Tokens;
import dev.netpolauditor.service.Tokens.Token;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/** API tokens for automation: created (their text shown once), listed (never their text), revoked. */
@Controller("/api/v1/tokens")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "access")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class TokensController {
    private static final String EXAMPLE = "{\"name\": \"ci\", \"role\": \"viewer\"}";

    private final Tokens tokens;

    TokensController(Tokens tokens) {
        this.tokens = tokens;
    }

    /** What a new token is for. */
    @Schema(name = "TokenRequest")
    public record TokenRequest(@Schema(description = "What the token is for, 1-100 characters") String name,
            @Schema(allowableValues = {"viewer", "auditor", "admin"}) String role) {}

    /** A token as listed: never its text. */
    @Schema(name = "Token")
    public record TokenView(long id, String name, @Schema(allowableValues = {"viewer", "auditor", "admin"}) String role,
            @Schema(description = "ISO-8601 instant") String createdAt, String createdBy,
            @Schema(description = "ISO-8601 instant, to the minute; null when never used") String lastUsedAt,
            @Schema(description = "ISO-8601 instant; null while active") String revokedAt, String self) {
        static TokenView of(Token t) {
            return new TokenView(t.id(), t.name(), t.role(), t.createdAt().toString(), t.createdBy(),
                    t.lastUsedAt() == null ? null : t.lastUsedAt().toString(),
                    t.revokedAt() == null ? null : t.revokedAt().toString(), "/api/v1/tokens/" + t.id());
        }
    }

    /** A token just created, with its text: the only time the text is shown. */
    @Schema(name = "CreatedToken")
    public record CreatedToken(long id, String name, String role,
            @Schema(description = "Send as Authorization: Bearer <token>. Shown once: store it now") String token,
            String self) {}

    @Post
    @Operation(summary = "Create an API token",
            description = "Answers 201 with the token's text, shown this once; only its SHA-256 is kept.")
    @ApiResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = CreatedToken.class)))
    @ApiResponse(responseCode = "400", description = "No usable name or role",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Consumes(MediaType.ALL)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TokenRequest.class)))
    @ApiResponse(responseCode = "415", description = "Not sent as JSON in UTF-8",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<CreatedToken> create(HttpRequest<?> http, @Body @Nullable byte[] body, Authentication caller) {
        TokenRequest request = JsonBodies.read(http, body, TokenRequest.class, EXAMPLE);
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            throw ApiProblem.badRequest("give the token a name of 1 to 100 characters: {\"name\": \"ci\","
                    + " \"role\": \"viewer\"}");
        }
        Role role = Role.byName(request.role()).orElseThrow(() -> ApiProblem.badRequest("role '" + request.role()
                + "': use viewer, auditor or admin"));
        String text = ApiTokens.generate();
        Token token = tokens.create(request.name().strip(), role.wireName(), ApiTokens.hash(text),
                Actors.of(caller));
        return HttpResponse.created(new CreatedToken(token.id(), token.name(), token.role(), text,
                "/api/v1/tokens/" + token.id()), URI.create("/api/v1/tokens/" + token.id()));
    }

    @Get
    @Operation(summary = "List the API tokens", description = "Active and revoked, oldest first; never their text.")
    List<TokenView> list() {
        return tokens.list().stream().map(TokenView::of).toList();
    }

    @Delete("/{id}")
    @Operation(summary = "Revoke an API token", description = "From this moment the token authenticates nobody.")
    @ApiResponse(responseCode = "204", description = "Revoked (or already revoked)")
    @ApiResponse(responseCode = "404", description = "No such token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<Void> revoke(@Parameter(description = "Token id") @PathVariable String id, Authentication caller) {
        tokens.revoke(Params.id("token", id), Actors.of(caller)).orElseThrow(() -> ApiProblem.notFound("token",
                "no API token with id " + id + "; GET /api/v1/tokens lists them"));
        return HttpResponse.noContent();
    }
}
