package dev.netpolauditor.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Data reaches a page as text: in element content and in quoted attributes alike. */
class HtmlTest {
    @Test
    void argumentsAreEscapedAndMarkupIsNot() {
        Html cell = Html.of("<td title=\"{}\">{}</td>", "\"><script>x</script>", "<b>a & b</b>");
        assertEquals("<td title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;b&gt;a &amp; b&lt;/b&gt;</td>",
                cell.toString());
        assertEquals("<tr><td title=\"\">it&#39;s</td></tr>",
                Html.of("<tr>{}</tr>", Html.of("<td title=\"{}\">{}</td>", null, "it's")).toString());
        assertEquals("<li>1</li><li>&lt;2&gt;</li>", Html.each(List.of("1", "<2>"), v -> Html.of("<li>{}</li>", v))
                .toString());
    }

    @Test
    void controlCharactersAreDroppedAndHolesMustMatch() {
        assertEquals("ab\n", Html.text("a\u0000b\u001b\n").toString());
        assertThrows(IllegalArgumentException.class, () -> Html.of("{} {}", "one"));
        assertThrows(IllegalArgumentException.class, () -> Html.of("{}", "one", "two"));
    }

    @Test
    void theNextPageIsAlwaysOneOfTheConsoles() {
        assertEquals("/console/clusters/demo", SignInController.safeNext("/console/clusters/demo"));
        for (String hostile : new String[] {"https://evil.example/", "//evil.example/console/", "/console\\@evil",
                "/api/v1/tokens", "/console/login?next=x", null, "/console/x\r\nSet-Cookie: a=b"}) {
            assertEquals("/console/clusters", SignInController.safeNext(hostile), String.valueOf(hostile));
        }
    }
}
