package dev.netpolauditor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accepted risks: an exception names a rule and a subject pattern in which {@code *} is the
 * only wildcard; it applies until its expiry date, inclusive.
 */
class FindingExceptionTest {

    static final LocalDate EXPIRES = LocalDate.of(2025, 6, 30);

    static Finding finding(String rule, String subject) {
        return new Finding(rule, Severity.HIGH, "shop", new FindingSubject.Endpoint(subject), null, "detail");
    }

    static FindingException exception(String rule, String pattern) {
        return new FindingException(rule, pattern, "accepted by the risk board", "sre@example.com", EXPIRES);
    }

    static boolean matches(String pattern, String subject) {
        return exception("NP-COV-001", pattern).matches(finding("NP-COV-001", subject));
    }

    @Nested
    class SubjectGlob {
        @ParameterizedTest(name = "''{0}'' matches ''{1}''")
        @CsvSource(delimiterString = "<=>", value = {
            "shop/web <=> shop/web",
            "shop/* <=> shop/web",
            "shop/* <=> shop/web[Deployment]",
            "shop/* <=> shop/",
            "* <=> shop/web",
            "* <=> ''",
            "*/web <=> shop/web",
            "*/web <=> prod/web",
            "shop/*[Deployment] <=> shop/web[Deployment]",
            "shop/w*b <=> shop/wb",
            "shop/w*b <=> shop/web-and-b",
            "** <=> anything at all",
            "retail -> * <=> retail -> finance",
            "shop/db-policy ingress[0].from[*] <=> shop/db-policy ingress[0].from[12]",
        })
        void starMatchesAnyRunOfCharacters(String pattern, String subject) {
            assertTrue(matches(pattern, subject));
        }

        @ParameterizedTest(name = "''{0}'' does not match ''{1}''")
        @CsvSource(delimiterString = "<=>", value = {
            "shop/web <=> shop/web2",
            "shop/web <=> xshop/web",
            "shop/web <=> Shop/web",
            "shop/* <=> prod/web",
            "shop/* <=> shop",
            "*/web <=> shop/web2",
            "shop/w*b <=> shop/web-and-c",
        })
        void theWholeSubjectMustMatch(String pattern, String subject) {
            assertFalse(matches(pattern, subject));
        }

        @ParameterizedTest(name = "''{0}'' is literal: not ''{1}''")
        @CsvSource(delimiterString = "<=>", value = {
            "shop/a.b <=> shop/aXb",
            "shop/web[Deployment] <=> shop/webD",
            "shop/web[Deployment] <=> shop/webt",
            "shop/web[a-z] <=> shop/webq",
            "ip:10.0.0.1 <=> ip:10x0y0z1",
            "shop/web+ <=> shop/webbb",
            "shop/we?b <=> shop/wb",
            "(shop)/web <=> shop/web",
            "shop/web$ <=> shop/web",
            "^shop/web <=> shop/web",
            "shop/web|prod/web <=> prod/web",
            "shop/\\d <=> shop/1",
            "shop/x{2} <=> shop/xx",
        })
        void everythingButStarIsLiteral(String pattern, String subject) {
            assertFalse(matches(pattern, subject));
        }

        @ParameterizedTest(name = "''{0}'' matches itself")
        @ValueSource(strings = {
            "shop/a.b", "shop/web[Deployment]", "shop/web[a-z]", "shop/web+", "shop/we?b", "(shop)/web",
            "shop/web$", "^shop/web", "shop/web|prod/web", "shop/\\d", "shop/x{2}", "shop/\\Q.\\E",
            "shop/db-policy egress[2].ports[0]",
        })
        void aPatternWithoutStarMatchesExactlyItself(String pattern) {
            assertTrue(matches(pattern, pattern));
        }

        @Test
        void quotingMetacharactersAroundAStar() {
            assertTrue(matches("shop/*[Deployment]", "shop/web[Deployment]"));
            assertFalse(matches("shop/*[Deployment]", "shop/webD"));
            assertTrue(matches("shop/a.*.b", "shop/a.x.b"));
            assertFalse(matches("shop/a.*.b", "shop/aXxYb"));
            assertTrue(matches("shop/\\E*", "shop/\\Ex"));
        }
    }

    @Nested
    class Rule {
        @Test
        void theRuleMustMatchExactly() {
            FindingException e = exception("NP-COV-001", "shop/*");
            assertTrue(e.matches(finding("NP-COV-001", "shop/web")));
            assertFalse(e.matches(finding("NP-COV-002", "shop/web")));
            assertFalse(e.matches(finding("NP-COV-0010", "shop/web")));
            assertFalse(exception("NP-COV-00*", "shop/web").matches(finding("NP-COV-001", "shop/web")),
                    "the rule is no pattern");
            assertFalse(exception("np-cov-001", "shop/web").matches(finding("NP-COV-001", "shop/web")));
        }
    }

    @Nested
    class Expiry {
        @Test
        void validUpToAndIncludingTheExpiryDay() {
            FindingException e = exception("NP-COV-001", "*");
            assertFalse(e.expiredOn(EXPIRES.minusYears(1)));
            assertFalse(e.expiredOn(EXPIRES.minusDays(1)));
            assertFalse(e.expiredOn(EXPIRES), "the expiry day itself is still covered");
            assertTrue(e.expiredOn(EXPIRES.plusDays(1)), "expired the day after");
            assertTrue(e.expiredOn(EXPIRES.plusYears(1)));
        }
    }

    /** The same rules seen through an audit: status, the exception kept, score and controls. */
    @Nested
    class InAnAudit {
        @TempDir
        Path dir;

        AuditReport auditOn(LocalDate today, FindingException... exceptions) {
            return Audit.run(TestClusters.read(dir, TestClusters.UNPROTECTED),
                    new AnalysisSettings(Tenancy.byLabel("tenant"), List.of(exceptions), today));
        }

        AuditedFinding find(AuditReport report, String rule, String subject) {
            return report.findings().stream()
                    .filter(f -> f.finding().rule().equals(rule) && f.finding().subject().text().equals(subject))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + rule + " " + subject));
        }

        @Test
        void onTheExpiryDayTheFindingIsExcepted() {
            FindingException web = exception("NP-COV-001", "shop/web");
            AuditReport report = auditOn(EXPIRES, web);

            AuditedFinding f = find(report, "NP-COV-001", "shop/web");
            assertEquals(AuditedFinding.Status.EXCEPTED, f.status());
            assertSame(web, f.exception());
            assertFalse(f.open());
            assertEquals(AuditedFinding.Status.OPEN, find(report, "NP-COV-001", "shop/api").status());
            assertEquals(AuditedFinding.Status.OPEN, find(report, "NP-COV-002", "shop/web").status(),
                    "another rule on the same subject stays open");
        }

        @Test
        void theDayAfterTheFindingIsOpenAgainAndSaysTheExceptionExpired() {
            FindingException web = exception("NP-COV-001", "shop/web");
            AuditedFinding f = find(auditOn(EXPIRES.plusDays(1), web), "NP-COV-001", "shop/web");

            assertEquals(AuditedFinding.Status.EXCEPTION_EXPIRED, f.status());
            assertSame(web, f.exception());
            assertTrue(f.open());
        }

        @Test
        void aValidExceptionWinsOverAnExpiredOne() {
            FindingException old = new FindingException("NP-COV-001", "shop/*", "old", "sre", EXPIRES.minusDays(10));
            FindingException current = exception("NP-COV-001", "shop/web");
            AuditedFinding f = find(auditOn(EXPIRES, old, current), "NP-COV-001", "shop/web");

            assertEquals(AuditedFinding.Status.EXCEPTED, f.status());
            assertSame(current, f.exception());
        }

        @Test
        void withoutAMatchingExceptionTheFindingIsOpenWithNone() {
            AuditedFinding f = find(auditOn(EXPIRES, exception("NP-COV-002", "shop/web")), "NP-COV-001", "shop/web");
            assertEquals(AuditedFinding.Status.OPEN, f.status());
            assertNull(f.exception());
        }

        @Test
        void exceptedFindingsAreStillReportedInTheirPlace() {
            AuditReport plain = auditOn(EXPIRES);
            AuditReport excepted = auditOn(EXPIRES, exception("NP-COV-00*", "*"), exception("NP-COV-001", "*"));

            assertEquals(plain.findings().stream().map(AuditedFinding::finding).toList(),
                    excepted.findings().stream().map(AuditedFinding::finding).toList());
        }
    }
}
