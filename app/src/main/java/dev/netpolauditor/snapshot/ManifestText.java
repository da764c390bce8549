package dev.netpolauditor.snapshot;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A YAML file's bytes decoded to text the way SnakeYAML's own {@code UnicodeReader} decodes
 * them — UTF-8, or UTF-16 after its byte order mark, a UTF-8 byte order mark dropped — but
 * all at once, and with a bad byte reported by its line and byte offset instead of a Java
 * exception's name.
 */
final class ManifestText {
    private ManifestText() {}

    /** The text of {@code bytes}; {@code file} names it in the message of a decoding error. */
    static String decode(String file, byte[] bytes) throws ManifestException {
        return decode(file, bytes, "YAML");
    }

    /** As {@link #decode(String, byte[])}, naming the file's {@code format} (YAML, JSON) in the message. */
    static String decode(String file, byte[] bytes, String format) throws ManifestException {
        Charset charset = StandardCharsets.UTF_8;
        int start = 0;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            start = 3;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            start = 2;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            start = 2;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // First only check the bytes, through a small buffer; then let String decode them,
        // which keeps ASCII text at one byte a character.
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw encodingError(file, format, bytes, in.position(), result.length(), charset);
            }
            if (result.isUnderflow()) {
                break;
            }
            out.clear();
        }
        CoderResult flushed = decoder.flush(out.clear());
        if (flushed.isError()) {
            throw encodingError(file, format, bytes, in.position(), flushed.length(), charset);
        }
        return new String(bytes, start, bytes.length - start, charset);
    }

    private static ManifestException encodingError(String file, String format, byte[] bytes, int offset, int length,
            Charset charset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        StringBuilder shown = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + Math.max(1, length)); i++) {
            shown.append(shown.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        String encoding = charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : "UTF-16 (it starts with a UTF-16 byte order mark)";
        return new ManifestException(file + ": invalid " + format + ": line " + line + ", byte offset " + offset + ": " + shown
                + " is not valid " + encoding + "; manifests must be UTF-8 text", new CharacterCodingException());
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
