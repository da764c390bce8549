package dev.netpolauditor.snapshot;

import java.util.regex.Pattern;

/**
 * The API server's syntax rules for label keys and values and for port names. Each check
 * returns null when the text is valid, else the problem as a message fragment.
 */
final class KubeNames {
    private KubeNames() {}

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PORT_NAME = Pattern.compile("[-a-z0-9]+");
    private static final String NAME_RULE =
            "1-63 characters of [A-Za-z0-9-_.], beginning and ending with a letter or digit";

    /** A qualified name: an optional DNS subdomain prefix and '/', then the name part. */
    static String labelKeyProblem(String key) {
        int slash = key.indexOf('/');
        String name = key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "label key " + Field.quote(key) + " has an invalid prefix: expected a DNS subdomain"
                        + " (lower-case letters, digits, '-' and '.', at most 253 characters) before the '/'";
            }
        }
        if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            return "label key " + Field.quote(key) + " is invalid: the name part must be " + NAME_RULE;
        }
        return null;
    }

    /** Empty, or a label name. */
    static String labelValueProblem(String value) {
        if (value.isEmpty() || (value.length() <= 63 && LABEL_NAME.matcher(value).matches())) {
            return null;
        }
        return "label value " + Field.quote(value) + " is invalid: expected empty or " + NAME_RULE;
    }

    /** An IANA service name, as {@code port} names and container port names must be. */
    static String portNameProblem(String name) {
        boolean valid = !name.isEmpty() && name.length() <= 15 && PORT_NAME.matcher(name).matches()
                && name.chars().anyMatch(c -> c >= 'a' && c <= 'z')
                && !name.startsWith("-") && !name.endsWith("-") && !name.contains("--");
        return valid ? null : "port name " + Field.quote(name) + " is not a valid IANA service name"
                + " (1-15 characters of [a-z0-9-], at least one letter, no leading, trailing or double '-')";
    }
}
