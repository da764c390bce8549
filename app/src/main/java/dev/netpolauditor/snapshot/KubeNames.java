package dev.netpolauditor.snapshot;

/**
 * The API server's syntax rules for label keys and values and for port names. Each check
 * returns null when the text is valid, else the problem as a message fragment.
 *
 * <p>The grammars are scanned by hand rather than matched with regular expressions: every label
 * of every object is checked, and at the largest clusters the matching was a tenth of reading
 * them. {@code KubeNamesTest} holds the scanners to the API server's expressions.
 */
final class KubeNames {
    private KubeNames() {}

    private static final String NAME_RULE =
            "1-63 characters of [A-Za-z0-9-_.], beginning and ending with a letter or digit";

    /** A qualified name: an optional DNS subdomain prefix and '/', then the name part. */
    static String labelKeyProblem(String key) {
        int slash = key.indexOf('/');
        String name = key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !isDnsSubdomain(prefix)) {
                return "label key " + Field.quote(key) + " has an invalid prefix: expected a DNS subdomain"
                        + " (lower-case letters, digits, '-' and '.', at most 253 characters) before the '/'";
            }
        }
        if (name.length() > 63 || !isLabelName(name)) {
            return "label key " + Field.quote(key) + " is invalid: the name part must be " + NAME_RULE;
        }
        return null;
    }

    /** Empty, or a label name. */
    static String labelValueProblem(String value) {
        if (value.isEmpty() || (value.length() <= 63 && isLabelName(value))) {
            return null;
        }
        return "label value " + Field.quote(value) + " is invalid: expected empty or " + NAME_RULE;
    }

    /** An IANA service name, as {@code port} names and container port names must be. */
    static String portNameProblem(String name) {
        boolean valid = !name.isEmpty() && name.length() <= 15 && isPortNameSyntax(name)
                && !name.startsWith("-") && !name.endsWith("-") && !name.contains("--");
        return valid ? null : "port name " + Field.quote(name) + " is not a valid IANA service name"
                + " (1-15 characters of [a-z0-9-], at least one letter, no leading, trailing or double '-')";
    }

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*}: dot-separated DNS labels. */
    static boolean isDnsSubdomain(String text) {
        int labelStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                // a label: non-empty, beginning and ending with a letter or digit
                if (i == labelStart || !isLowerAlphanumeric(text.charAt(labelStart))
                        || !isLowerAlphanumeric(text.charAt(i - 1))) {
                    return false;
                }
                labelStart = i + 1;
            } else if (!isLowerAlphanumeric(text.charAt(i)) && text.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}: the name part of a label key, or a label value. */
    static boolean isLabelName(String text) {
        if (text.isEmpty() || !isAlphanumeric(text.charAt(0)) || !isAlphanumeric(text.charAt(text.length() - 1))) {
            return false;
        }
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** {@code [-a-z0-9]+} with at least one letter (the rest of the IANA rule is checked apart). */
    static boolean isPortNameSyntax(String text) {
        boolean letter = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                letter = true;
            } else if (!(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return letter;
    }

    private static boolean isLowerAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
