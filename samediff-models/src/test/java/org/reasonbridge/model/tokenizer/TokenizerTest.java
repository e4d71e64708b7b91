package org.reasonbridge.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenizerTest {

    private static Tokenizer qwen;
    private static Tokenizer tiny;

    @BeforeAll
    static void load() {
        qwen = Tokenizer.load(Fixtures.qwenDir());
        tiny = Tokenizer.load(Fixtures.tinyModelDir());
    }

    @AfterAll
    static void close() {
        qwen.close();
        tiny.close();
    }

    static Stream<Arguments> qwenCases() {
        return Fixtures.jsonLines(Fixtures.qwenDir().resolve("expected_ids.jsonl")).stream()
                .map(n -> Arguments.of(n.get("text").asText(), n));
    }

    static Stream<Arguments> tinyCases() {
        return Fixtures.jsonLines(Fixtures.tokenizers().resolve("tiny512_expected_ids.jsonl")).stream()
                .map(n -> Arguments.of(n.get("text").asText(), n));
    }

    @ParameterizedTest(name = "qwen {0}")
    @MethodSource("qwenCases")
    void qwenEncodesAndDecodesLikeTransformers(String text, JsonNode expected) {
        check(qwen, text, expected);
    }

    @ParameterizedTest(name = "tiny512 {0}")
    @MethodSource("tinyCases")
    void tinyEncodesAndDecodesLikeTransformers(String text, JsonNode expected) {
        check(tiny, text, expected);
    }

    private static void check(Tokenizer tokenizer, String text, JsonNode expected) {
        int[] ids = tokenizer.encode(text);
        assertArrayEquals(Fixtures.ints(expected.get("ids")), ids);
        String decoded = tokenizer.decode(ids);
        assertEquals(expected.get("decoded").asText(), decoded);
        if (expected.get("roundtrip").asBoolean()) {
            // "roundtrip" holds up to the NFC normaliser both tokenizers run first
            assertEquals(Normalizer.normalize(text, Normalizer.Form.NFC), decoded);
        }
    }

    @Test
    void longInputIsNotTruncated() {
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(80);
        int[] ids = qwen.encode(text);
        assertTrue(ids.length > 800, "about 10 tokens per sentence; DJL's 512-token default must be off: " + ids.length);
        assertEquals(text, qwen.decode(ids));
        assertTrue(tiny.encode(text).length > 600);
    }

    @Test
    void specialTokensComeFromTheConfig() {
        assertEquals(Optional.of("<|im_end|>"), qwen.eosToken());
        assertEquals(Optional.of("<|endoftext|>"), qwen.padToken());
        assertEquals(Optional.empty(), qwen.bosToken());
        assertEquals(OptionalInt.of(151645), qwen.tokenId("<|im_end|>"));
        assertEquals(OptionalInt.of(151667), qwen.tokenId("<think>"));
        assertEquals(OptionalInt.of(9707), qwen.tokenId("Hello"));
        assertEquals(OptionalInt.empty(), qwen.tokenId("no such token"));
        assertEquals("<|im_start|>", qwen.token(151644));
        assertEquals("Ġworld", qwen.token(1879));
        assertEquals(151669, qwen.vocabSize(), "151,643 BPE entries plus 26 added tokens");
        assertEquals(512, tiny.vocabSize());
        assertTrue(qwen.specialIds().containsAll(List.of(151643, 151644, 151645)));
        assertFalse(qwen.specialIds().contains(151667), "<think> is an added token but not special in Qwen3");
        assertThrows(IllegalArgumentException.class, () -> qwen.token(200_000));
    }

    @Test
    void decodeCanSkipSpecialTokens() {
        int[] ids = qwen.encode("<|im_start|>user\nHi<|im_end|>\n");
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", qwen.decode(ids));
        assertEquals("user\nHi\n", qwen.decode(ids, true));
        assertArrayEquals(ids, qwen.encode("<|im_start|>user\nHi<|im_end|>\n", true), "Qwen adds no BOS/EOS");
    }

    @Test
    void chatTemplateIsLoadedAndBoundToTheConfigTokens() {
        ChatTemplate template = qwen.chatTemplate().orElseThrow();
        assertEquals(Optional.of("<|im_end|>"), template.specialTokens().eos());
        String prompt = template.renderMessages(List.of(ChatMessage.user("Hi")), true);
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", prompt);
        assertArrayEquals(new int[] {151644, 872, 198, 13048, 151645, 198, 151644, 77091, 198}, qwen.encode(prompt));
    }

    @Test
    void missingTokenizerJsonNamesTheFile(@TempDir Path dir) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer.json").toString()), e.getMessage());
    }

    @Test
    void malformedFilesAreNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer.json").toString()), e.getMessage());

        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}");
        e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("vocab"), e.getMessage());

        Files.copy(Fixtures.tinyModelDir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("tokenizer_config.json"), "[1, 2");
        e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer_config.json").toString()), e.getMessage());
    }

    @Test
    void configWithoutTemplateAndWithTemplateFile(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.tinyModelDir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertEquals(Optional.empty(), t.chatTemplate());
            assertEquals(Optional.empty(), t.eosToken());
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": {\"content\": \"</s>\", \"lstrip\": false}}");
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages[0].content }}{{ eos_token }}\n");
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertEquals(Optional.of("</s>"), t.eosToken());
            assertEquals("hi</s>", t.chatTemplate().orElseThrow().renderMessages(List.of(ChatMessage.user("hi")), false));
        }
    }
}
