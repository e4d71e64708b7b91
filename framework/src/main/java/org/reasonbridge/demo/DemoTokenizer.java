package org.reasonbridge.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-level BPE tokenizer learned from the mini world's own text, written as a Hugging Face
 * {@code tokenizer.json} in Qwen2's layout (the same pre-tokenizer, digits one by one, the same byte-level decoder).
 * Why not the 512-token cut Qwen tokenizer the jar ships: its merges come from code and English, so a mini-world
 * trace costs two to three times the tokens, and on two cores every token of a training sequence counts. Learned
 * greedily (the most frequent pair first, ties by the pair's text) so the same texts give the same file.
 */
final class DemoTokenizer {
    /** Qwen2's pre-tokenizer pattern (tokenizer.json {@code pre_tokenizer}), in Java's regex dialect. */
    static final String SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final Pattern PIECES = Pattern.compile(SPLIT, Pattern.UNICODE_CHARACTER_CLASS);
    /** The special tokens, last in the vocabulary: bos = eos = vocab - 3, as {@code ModelPreset} configs have it. */
    static final List<String> SPECIALS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");
    /**
     * The thinking markers, just before the specials: added tokens that are not special, as in Qwen3's tokenizer, so
     * the end of thinking is one token a decoder can catch before it is emitted (test-time policies see it as on a
     * real model), not a string that a split across tokens leaves half written.
     */
    static final List<String> THINKING = List.of(ThinkingFormat.QWEN3.start().strip(), ThinkingFormat.QWEN3.end());

    private DemoTokenizer() {
    }

    /** GPT-2's byte-to-character map: every byte a printable character, so merges are plain strings. */
    static char[] byteChars() {
        char[] out = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            out[b] = printable ? (char) b : (char) (256 + extra++);
        }
        return out;
    }

    /**
     * Learns {@code vocabSize - 261} merges from {@code texts} and writes {@code tokenizer.json} and
     * {@code tokenizer_config.json} (no chat template: the plain layout, ending with {@code <|endoftext|>}) into
     * {@code dir}.
     */
    static void write(Iterable<String> texts, int vocabSize, Path dir) {
        char[] bytes = byteChars();
        Map<String, Integer> words = new HashMap<>();
        for (String t : texts) {
            Matcher m = PIECES.matcher(t);
            while (m.find()) {
                StringBuilder w = new StringBuilder();
                for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) w.append(bytes[b & 0xFF]);
                words.merge(w.toString(), 1, Integer::sum);
            }
        }
        // each distinct piece as its symbols, with its count; sorted so iteration order never depends on hashing
        List<List<String>> symbols = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(words).entrySet()) {
            List<String> s = new ArrayList<>();
            for (char c : e.getKey().toCharArray()) s.add(String.valueOf(c));
            symbols.add(s);
            counts.add(e.getValue());
        }
        LinkedHashMap<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) vocab.put(String.valueOf(bytes[b]), b);
        List<String[]> merges = new ArrayList<>();
        int wanted = vocabSize - 256 - THINKING.size() - SPECIALS.size();
        while (merges.size() < wanted) {
            Map<String, Integer> pairs = new HashMap<>();
            for (int i = 0; i < symbols.size(); i++) {
                List<String> s = symbols.get(i);
                for (int j = 0; j + 1 < s.size(); j++) pairs.merge(s.get(j) + "\u0000" + s.get(j + 1), counts.get(i), Integer::sum);
            }
            String best = null;
            int bestCount = 1; // a pair seen once is not worth a token
            for (Map.Entry<String, Integer> e : pairs.entrySet()) {
                if (e.getValue() > bestCount || (e.getValue() == bestCount && best != null && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null) break;
            String[] pair = best.split("\u0000", -1);
            String merged = pair[0] + pair[1];
            merges.add(pair);
            vocab.put(merged, vocab.size());
            for (List<String> s : symbols) {
                for (int j = 0; j + 1 < s.size(); j++) {
                    if (s.get(j).equals(pair[0]) && s.get(j + 1).equals(pair[1])) {
                        s.set(j, merged);
                        s.remove(j + 1);
                    }
                }
            }
        }
        // pad with unused placeholder merges' slots so the vocabulary has exactly vocabSize entries
        while (vocab.size() < vocabSize - THINKING.size() - SPECIALS.size()) vocab.put("<|unused" + vocab.size() + "|>", vocab.size());
        for (String s : THINKING) vocab.put(s, vocab.size());
        for (String s : SPECIALS) vocab.put(s, vocab.size());
        writeFiles(dir, vocab, merges);
    }

    /** One {@code added_tokens} entry: matched whole before the pre-tokenizer, as Hugging Face writes them. */
    private static void added(ArrayNode added, int id, String content, boolean special) {
        ObjectNode t = added.addObject();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", special);
    }

    private static void writeFiles(Path dir, LinkedHashMap<String, Integer> vocab, List<String[]> merges) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : THINKING) added(added, vocab.get(s), s, false);
        for (String s : SPECIALS) added(added, vocab.get(s), s, true);
        root.putObject("normalizer").put("type", "NFC");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode seq = pre.putArray("pretokenizers");
        ObjectNode split = seq.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", SPLIT);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        seq.add(byteLevel());
        root.set("post_processor", byteLevel());
        root.set("decoder", byteLevel());
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode m = model.putArray("merges");
        for (String[] pair : merges) m.addArray().add(pair[0]).add(pair[1]);

        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("add_bos_token", false);
        config.put("add_prefix_space", false);
        config.putNull("bos_token");
        config.put("clean_up_tokenization_spaces", false);
        config.put("eos_token", SPECIALS.get(0));
        config.put("pad_token", SPECIALS.get(0));
        config.put("model_max_length", 4096);
        config.put("tokenizer_class", "Qwen2Tokenizer");
        config.putNull("unk_token");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tokenizer.json"), Json.MAPPER.writeValueAsString(root), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("tokenizer_config.json"), Json.MAPPER.writeValueAsString(config), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the tokenizer", e);
        }
    }

    private static ObjectNode byteLevel() {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("type", "ByteLevel");
        b.put("add_prefix_space", false);
        b.put("trim_offsets", false);
        b.put("use_regex", false);
        return b;
    }
}
