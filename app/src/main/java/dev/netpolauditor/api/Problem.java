package dev.netpolauditor.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** An RFC 9457 problem document, the body of every error answer of the API. */
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(description = "URI naming the kind of problem; about:blank for plain HTTP errors") String type,
        @Schema(description = "Short summary of the kind of problem") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "What went wrong with this request, and what to do") String detail) {

    static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:netpol-auditor:problem:";
    static final String ABOUT_BLANK = "about:blank";
}
