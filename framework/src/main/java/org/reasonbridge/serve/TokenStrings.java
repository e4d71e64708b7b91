package org.reasonbridge.serve;

import org.reasonbridge.model.tokenizer.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens as OpenAI's log-probabilities show them: a token's text, or {@code bytes:\xe2\x80} when it holds only part
 * of a character; its UTF-8 bytes; and where each token of a sequence starts in the sequence's text. The bytes come
 * from the vocabulary entry: byte-level BPE (GPT-2, Qwen, Llama 3) maps each byte to one character, SentencePiece
 * writes a space as {@code ▁} and stray bytes as {@code <0xNN>}.
 */
final class TokenStrings {
    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x([0-9A-Fa-f]{2})>");
    private static final char SPIECE_SPACE = '\u2581';

    private final Tokenizer tokenizer;
    private final boolean byteLevel;
    private final Map<Character, Integer> unicodeToByte = byteLevelTable();

    TokenStrings(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        int gpt2 = 0, spiece = 0;
        for (int id = 0; id < Math.min(tokenizer.vocabSize(), 20_000); id++) {
            String t = raw(id);
            if (t == null) continue;
            if (t.indexOf('\u0120') >= 0 || t.indexOf('\u010A') >= 0) gpt2++; // Ġ (space) and Ċ (newline)
            if (t.indexOf(SPIECE_SPACE) >= 0) spiece++;
        }
        this.byteLevel = gpt2 > spiece;
    }

    /** The token's text, or OpenAI's {@code bytes:\xNN...} when its bytes are not whole UTF-8 characters. */
    String text(int id) {
        byte[] b = bytes(id);
        if (b == null) return "token_id:" + id; // an embedding row past the tokenizer's vocabulary
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder("bytes:");
            for (byte x : b) sb.append(String.format("\\x%02x", x & 0xFF));
            return sb.toString();
        }
    }

    /** The token's UTF-8 bytes, or null for an id the tokenizer does not know. */
    byte[] bytes(int id) {
        String t = raw(id);
        if (t == null) return null;
        if (tokenizer.specialIds().contains(id)) return t.getBytes(StandardCharsets.UTF_8);
        if (byteLevel) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < t.length(); i++) {
                Integer b = unicodeToByte.get(t.charAt(i));
                if (b == null) return t.getBytes(StandardCharsets.UTF_8); // an added token written as plain text
                out.write(b);
            }
            return out.toByteArray();
        }
        Matcher m = BYTE_TOKEN.matcher(t);
        if (m.matches()) return new byte[]{(byte) Integer.parseInt(m.group(1), 16)};
        return t.replace(SPIECE_SPACE, ' ').getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where each of {@code ids} starts in their decoded text, in UTF-16 characters: decoded incrementally as vLLM
     * does, so a character split over several tokens is counted at the token that completes it.
     */
    int[] offsets(int[] ids) {
        int[] out = new int[ids.length];
        int emitted = 0, prefixStart = 0, readStart = 0;
        for (int i = 0; i < ids.length; i++) {
            out[i] = emitted;
            String before = decode(ids, prefixStart, readStart);
            String now = decode(ids, prefixStart, i + 1);
            if (now.length() > before.length() && !now.endsWith("\uFFFD")) {
                emitted += now.length() - before.length();
                prefixStart = readStart;
                readStart = i + 1;
            }
        }
        return out;
    }

    private String decode(int[] ids, int from, int to) {
        if (to <= from) return "";
        return tokenizer.decode(java.util.Arrays.copyOfRange(ids, from, to));
    }

    private String raw(int id) {
        if (id < 0 || id >= tokenizer.vocabSize()) return null;
        try {
            return tokenizer.token(id);
        } catch (RuntimeException e) {
            return null; // an unused id
        }
    }

    /** The inverse of GPT-2's {@code bytes_to_unicode}: printable bytes stand for themselves, the rest from U+0100 on. */
    private static Map<Character, Integer> byteLevelTable() {
        Map<Character, Integer> m = new HashMap<>();
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            m.put((char) (printable ? b : next++), b);
        }
        return Map.copyOf(m);
    }
}
