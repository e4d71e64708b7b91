package org.reasonbridge.model.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for text a user hands in, with a diagnosis when it is not: where the first bad byte is and which
 * encoding the text probably is (UTF-16 by its byte-order mark or NUL bytes, else Latin-1 / Windows-1252).
 */
public final class Utf8 {
    /** What a user does about any of these. */
    public static final String FIX = "save it as UTF-8";

    /** Text, or where and why it is not UTF-8 (1-based line and column of the bad byte). */
    public record Decoded(String text, long line, long column, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private Utf8() {
    }

    /** Decodes {@code bytes[from, to)} strictly, without a leading UTF-8 byte-order mark. */
    public static Decoded decode(byte[] bytes, int from, int to) {
        if (to - from >= 2 && ((bytes[from] & 0xff) == 0xFF && (bytes[from + 1] & 0xff) == 0xFE
                || (bytes[from] & 0xff) == 0xFE && (bytes[from + 1] & 0xff) == 0xFF)) {
            return new Decoded(null, 1, 1, "encoded as UTF-16 (it starts with a UTF-16 byte-order mark)");
        }
        int start = to - from >= 3 && (bytes[from] & 0xff) == 0xEF && (bytes[from + 1] & 0xff) == 0xBB
                && (bytes[from + 2] & 0xff) == 0xBF ? from + 3 : from;
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, to - start);
        CharBuffer out = CharBuffer.allocate(to - start);
        CoderResult r = utf8.decode(in, out, true);
        int bad = r.isError() ? in.position() : -1;
        if (bad < 0) {
            for (int i = start; i < to; i++) {
                if (bytes[i] == 0) {
                    bad = i;
                    break;
                }
            }
        }
        if (bad < 0) {
            utf8.flush(out);
            return new Decoded(out.flip().toString(), 0, 0, null);
        }
        long line = 1, column = 1;
        for (int i = start; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        boolean nul = false;
        for (int i = from; i < to && !nul; i++) nul = bytes[i] == 0;
        String problem = bytes[bad] == 0 ? "not text in UTF-8: NUL bytes, probably UTF-16"
                : "not valid UTF-8 (byte 0x" + String.format("%02X", bytes[bad] & 0xff)
                + (nul ? ": probably UTF-16" : ": probably Latin-1 or Windows-1252") + ")";
        return new Decoded(null, line, column, problem);
    }

    /** As {@link #decode(byte[], int, int)} over the whole array. */
    public static Decoded decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }
}
