package dev.netpolauditor.console;

import dev.netpolauditor.access.Actors;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.mail.Subscription;
import dev.netpolauditor.mail.Subscriptions;
import dev.netpolauditor.mail.Subscriptions.Delivery;
import dev.netpolauditor.service.Cron;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions (admin): each with its schedule, time zone and next five run times, its
 * deliveries with the status per recipient, and "send now".
 */
@Controller("/console/subscriptions")
@Secured(Role.ADMIN_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SubscriptionPages {
    private final Subscriptions subscriptions;
    private final Csrf csrf;

    SubscriptionPages(Subscriptions subscriptions, Csrf csrf) {
        this.subscriptions = subscriptions;
        this.csrf = csrf;
    }

    @Get
    HttpResponse<String> list(HttpRequest<?> request, Authentication who) {
        Viewer viewer = csrf.viewer(request, who);
        List<Subscription> all = subscriptions.list();
        Html body = Html.of("""
                <h1>Subscriptions</h1>
                <p class="muted">Create and edit them with the API (POST/PUT /api/v1/subscriptions); here they are read and sent.</p>
                {}""", all.isEmpty() ? Html.of("<p>No subscription yet.</p>") : Html.each(all, s -> card(s, viewer)));
        return Layout.page(viewer, "Subscriptions", body);
    }

    private Html card(Subscription s, Viewer viewer) {
        var spec = s.spec();
        ZoneId zone = ZoneId.of(spec.timeZone());
        DateTimeFormatter local = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz").withZone(zone);
        List<Delivery> recent = subscriptions.deliveries(s.id(), 20, 0).items();
        return Html.of("""
                <section class="card" data-subscription="{}"><h2>Subscription {}: {} report of {}</h2>
                <dl class="facts"><dt>Recipients</dt><dd>{}</dd><dt>Format, scope</dt><dd>{}, {} {}</dd>
                <dt>Schedule</dt><dd><code>{}</code> in {}{}</dd>
                <dt>Next runs</dt><dd><ol class="next-runs">{}</ol></dd></dl>
                <form method="post" action="/console/subscriptions/{}/send" class="inline">{}<button type="submit">Send now</button></form>
                <h3>Deliveries</h3>
                <table><thead><tr><th scope="col">Due</th><th scope="col">Recipient</th><th scope="col">Status</th>
                <th scope="col" class="num">Attempts</th><th scope="col">Last error</th><th scope="col">Report</th></tr></thead><tbody>{}</tbody></table>
                </section>""", s.id(), s.id(), spec.kind(), spec.cluster(), String.join(", ", spec.recipients()),
                spec.format(), spec.scope(), String.join(", ", spec.scopeValues()), spec.schedule(), spec.timeZone(),
                spec.enabled() ? "" : " (disabled)",
                Html.each(Cron.nextFireTimes(spec.schedule(), zone, Instant.now(), 5), t -> Html.of("<li>{}</li>",
                        local.format(t))), s.id(), viewer.csrfField(),
                Html.each(recent, d -> Html.of("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                        Moment.TIME.format(d.dueAt()), d.recipient(), d.status(), d.attempts(), d.lastError(),
                        d.reportId() == null ? Html.EMPTY : Html.of("<a href=\"/console/evidence/{}/file\">{}</a>",
                                d.reportId(), d.reportId()))));
    }

    @Post(value = "/{id}/send", consumes = MediaType.ALL)
    HttpResponse<?> send(HttpRequest<?> request, Authentication who, @PathVariable String id,
            @Body Map<String, String> form) {
        csrf.require(request, form.get("csrf"));
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ConsoleProblem.notFound("There is no subscription " + id + ".");
        }
        Subscription s = subscriptions.subscription(parsed).orElseThrow(() -> ConsoleProblem.notFound(
                "There is no subscription " + id + "."));
        subscriptions.sendNow(s, Actors.of(who), Instant.now());
        return HttpResponse.seeOther(URI.create("/console/subscriptions#subscription-" + s.id()));
    }
}
