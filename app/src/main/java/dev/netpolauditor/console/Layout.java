package dev.netpolauditor.console;

import dev.netpolauditor.access.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** The frame of every console page: skip link, navigation, who is signed in, sign-out, footer. */
final class Layout {
    static final String HTML_UTF8 = MediaType.TEXT_HTML + ";charset=utf-8";

    private Layout() {}

    /** A full page for a signed-in viewer. */
    static MutableHttpResponse<String> page(Viewer viewer, String title, Html body) {
        return page(HttpStatus.OK, viewer, title, body);
    }

    static MutableHttpResponse<String> page(HttpStatus status, Viewer viewer, String title, Html body) {
        Html nav = viewer == null ? Html.EMPTY : Html.of("""
                <nav aria-label="Main"><ul>
                <li><a href="/console/clusters">Clusters</a></li>
                <li><a href="/console/evidence">Evidence</a></li>
                {}
                </ul></nav>
                <div class="who"><span>{} <span class="role">({})</span></span>{}</div>""",
                Html.when(viewer.may(Role.ADMIN), Html.of("<li><a href=\"/console/subscriptions\">Subscriptions</a></li>")),
                viewer.name(), viewer.role().wireName(),
                Html.when(viewer.csrf() != null, Html.of("""
                        <form method="post" action="/console/logout" class="inline">{}<button type="submit">Sign out</button></form>""",
                        viewer.csrfField())));
        return HttpResponse.<String>status(status).contentType(HTML_UTF8).body(document(title, nav, body).toString());
    }

    static Html document(String title, Html nav, Html body) {
        return Html.of("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{} · netpol-auditor</title>
                <link rel="stylesheet" href="/console/assets/console.css">
                <script src="/console/assets/console.js" defer></script>
                </head>
                <body>
                <a class="skip" href="#main">Skip to content</a>
                <header class="top"><a class="brand" href="/console/clusters">netpol-auditor</a>{}</header>
                <main id="main">
                {}
                </main>
                <footer>netpol-auditor console · every figure is read from the stored analysis of the snapshot named on the page</footer>
                </body>
                </html>
                """, title, nav, body);
    }
}
