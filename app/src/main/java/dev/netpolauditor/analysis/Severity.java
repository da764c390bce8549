package dev.netpolauditor.analysis;

/** Severity of a finding; {@link #wireName()} is the lower-case form of the CLI and API. */
public enum Severity {
    HIGH, MEDIUM, LOW, INFO;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
