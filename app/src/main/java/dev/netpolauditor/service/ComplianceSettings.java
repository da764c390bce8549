package dev.netpolauditor.service;

import java.time.Period;

/**
 * How the compliance workflow is configured (netpol-auditor.compliance.*).
 *
 * @param exceptionMaxLength  how far ahead a managed exception may expire (default one year)
 * @param exceptionReminder   how long before its expiry an exception's owner is mailed (default 14 days)
 * @param reviewInterval      how long a periodic review keeps PCI DSS v4 1.2.7 passing (default six months)
 */
public record ComplianceSettings(Period exceptionMaxLength, Period exceptionReminder, Period reviewInterval) {
    public static final ComplianceSettings DEFAULTS = new ComplianceSettings(Period.ofYears(1), Period.ofDays(14),
            Period.ofMonths(6));

    public ComplianceSettings {
        if (exceptionMaxLength.isNegative() || exceptionMaxLength.isZero()) {
            throw new IllegalArgumentException("netpol-auditor.compliance.exception-max-length must be positive, not "
                    + exceptionMaxLength);
        }
        if (reviewInterval.isNegative() || reviewInterval.isZero()) {
            throw new IllegalArgumentException("netpol-auditor.compliance.review-interval must be positive, not "
                    + reviewInterval);
        }
        if (exceptionReminder.isNegative()) {
            throw new IllegalArgumentException("netpol-auditor.compliance.exception-reminder must not be negative, not "
                    + exceptionReminder);
        }
    }
}
