package dev.netpolauditor.snapshot;

/**
 * The manifests cannot be read: a file does not parse, or an object is what the API server
 * would reject. The message is one line naming the file, the document when the file holds
 * more than one, the object, the field and what was expected.
 */
public final class ManifestException extends Exception {

    public ManifestException(String message) {
        super(oneLine(message));
    }

    public ManifestException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** Messages quote user input; a newline in it must not break the one-line contract. */
    private static String oneLine(String message) {
        StringBuilder out = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
