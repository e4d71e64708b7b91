package org.reasonbridge.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.model.input.JsonFile;
import org.reasonbridge.model.json.Json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Hugging Face tokenizer loaded from a model folder: {@code tokenizer.json} runs in the Rust {@code tokenizers}
 * library (through DJL), {@code tokenizer_config.json} supplies the special tokens and the chat template.
 */
public final class Tokenizer implements AutoCloseable {

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";
    /** Newer transformers versions save the template next to the config instead of inside it. */
    static final String CHAT_TEMPLATE_JINJA = "chat_template.jinja";

    static {
        // DJL picks a CUDA build of libtokenizers on GPU machines and downloads it; the CPU build bundled in the
        // jar is the same tokenizer, so pin it and never touch the network (unless the user chose a flavor).
        if (System.getenv("RUST_FLAVOR") == null && System.getProperty("RUST_FLAVOR") == null) {
            System.setProperty("RUST_FLAVOR", "cpu");
        }
    }

    private static final ObjectMapper JSON = Json.MAPPER;
    /** Real tokenizer.json files are a few MiB (Gemma's, among the largest, 33 MiB). */
    static final long MAX_TOKENIZER_BYTES = 256L << 20;

    private final HuggingFaceTokenizer native_;
    private final Vocabulary vocabulary;
    private final SpecialTokens specialTokens;
    private final Optional<ChatTemplate> chatTemplate;

    private Tokenizer(HuggingFaceTokenizer native_, Vocabulary vocabulary, SpecialTokens specialTokens,
            Optional<ChatTemplate> chatTemplate) {
        this.native_ = native_;
        this.vocabulary = vocabulary;
        this.specialTokens = specialTokens;
        this.chatTemplate = chatTemplate;
    }

    /**
     * Loads {@code tokenizer.json} (required) and {@code tokenizer_config.json} (optional) from a model folder.
     *
     * @throws UncheckedIOException when {@code tokenizer.json} is missing or unreadable
     * @throws IllegalArgumentException when a file is malformed; the message names the file
     */
    public static Tokenizer load(Path modelDir) {
        Path tokenizerJson = modelDir.resolve(TOKENIZER_JSON);
        // read once, strictly (a byte-order mark dropped): the native library gets the same text as our vocabulary
        String text = JsonFile.text(tokenizerJson, MAX_TOKENIZER_BYTES, "a tokenizer.json");
        JsonNode root = JsonFile.parseObject(text, tokenizerJson);
        Vocabulary vocabulary;
        try {
            vocabulary = Vocabulary.fromTokenizerJson(root);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(tokenizerJson + ": " + e.getMessage(), e);
        }
        Path configJson = modelDir.resolve(TOKENIZER_CONFIG_JSON);
        JsonNode config = Files.isRegularFile(configJson) ? readJson(configJson) : JSON.createObjectNode();
        SpecialTokens specials;
        try {
            specials = SpecialTokens.fromTokenizerConfig(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configJson + ": " + e.getMessage(), e);
        }
        Optional<ChatTemplate> template = chatTemplate(modelDir, config, specials);
        HuggingFaceTokenizer hf;
        try {
            // DJL truncates to 512 tokens and may pad unless told otherwise; a chat prompt must stay whole.
            hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(tokenizerJson + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(tokenizerJson + ": the tokenizers library rejected it: " + e.getMessage(), e);
        }
        return new Tokenizer(hf, vocabulary, specials, template);
    }

    private static Optional<ChatTemplate> chatTemplate(Path modelDir, JsonNode config, SpecialTokens specials) {
        try {
            Optional<ChatTemplate> inConfig = ChatTemplate.fromTokenizerConfig(config);
            if (inConfig.isPresent()) {
                return inConfig;
            }
            Path jinja = modelDir.resolve(CHAT_TEMPLATE_JINJA);
            if (Files.isRegularFile(jinja)) {
                return Optional.of(ChatTemplate.parse(Files.readString(jinja)).withSpecialTokens(specials));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(modelDir.resolve(CHAT_TEMPLATE_JINJA) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(modelDir + ": bad chat template: " + e.getMessage(), e);
        }
    }

    /** A tokenizer config file's object; errors name the file, line and column. */
    static JsonNode readJson(Path file) {
        return JsonFile.object(file, MAX_TOKENIZER_BYTES, "a tokenizer config");
    }

    /** Token ids of {@code text} without special tokens: what {@code apply_chat_template} tokenizes. */
    public int[] encode(String text) {
        return encode(text, false);
    }

    /** Token ids of {@code text}; {@code addSpecialTokens} runs the post-processor (e.g. a Llama BOS). */
    public int[] encode(String text, boolean addSpecialTokens) {
        Encoding encoding = native_.encode(text, addSpecialTokens, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /**
     * Token ids of {@code text} (no special tokens added, like {@link #encode(String)}) with each token's range in
     * {@code text}. The native library reports ranges in code points of the original, un-normalised text; they are
     * converted here to UTF-16 indices, so {@code text.substring(start, end)} is always valid and never splits a
     * surrogate pair. See {@link TokenizedText} for ranges that overlap or leave characters out.
     */
    public TokenizedText encodeWithOffsets(String text) {
        Encoding encoding = native_.encode(text, false, false);
        long[] ids = encoding.getIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int[] utf16 = codePointToUtf16(text);
        int last = utf16.length - 1;
        int[] out = new int[ids.length];
        int[] starts = new int[ids.length];
        int[] ends = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
            // a token the library gives no range (none seen with add_special_tokens=false) sits empty at the previous end
            int prev = i == 0 ? 0 : ends[i - 1];
            CharSpan span = spans == null || i >= spans.length ? null : spans[i];
            int s = span == null ? prev : utf16[Math.min(Math.max(span.getStart(), 0), last)];
            int e = span == null ? prev : utf16[Math.min(Math.max(span.getEnd(), 0), last)];
            starts[i] = s;
            ends[i] = Math.max(s, e);
        }
        return new TokenizedText(out, starts, ends);
    }

    /** {@code table[k]} = UTF-16 index of code point {@code k}; one extra entry for the end. */
    static int[] codePointToUtf16(String text) {
        int count = text.codePointCount(0, text.length());
        int[] table = new int[count + 1];
        for (int k = 0, i = 0; k < count; k++) {
            table[k] = i;
            i += Character.charCount(text.codePointAt(i));
        }
        table[count] = text.length();
        return table;
    }

    /** The text of {@code ids}, special tokens included. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** The text of {@code ids}, dropping special tokens when {@code skipSpecialTokens}. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            vocabulary.token(ids[i]); // a clear error instead of the native library's
            longs[i] = ids[i];
        }
        return native_.decode(longs, skipSpecialTokens);
    }

    /** Number of ids the tokenizer can produce: the largest vocabulary or added-token id plus one (HF's {@code len(tokenizer)}). */
    public int vocabSize() {
        return vocabulary.idToToken().length;
    }

    /** The id of a vocabulary or added token given as its raw string (e.g. {@code "Ġthe"}, {@code "<|im_end|>"}). */
    public OptionalInt tokenId(String token) {
        return vocabulary.id(token);
    }

    /** The raw token string of {@code id}, as in {@code convert_ids_to_tokens}. */
    public String token(int id) {
        return vocabulary.token(id);
    }

    /** Ids of the added tokens marked special (skipped by {@code decode(ids, true)}). */
    public Set<Integer> specialIds() {
        return vocabulary.specialIds();
    }

    public SpecialTokens specialTokens() {
        return specialTokens;
    }

    public Optional<String> bosToken() {
        return specialTokens.bos();
    }

    public Optional<String> eosToken() {
        return specialTokens.eos();
    }

    public Optional<String> padToken() {
        return specialTokens.pad();
    }

    /** The default chat template, bound to this tokenizer's BOS/EOS tokens. */
    public Optional<ChatTemplate> chatTemplate() {
        return chatTemplate;
    }

    @Override
    public void close() {
        native_.close();
    }
}
