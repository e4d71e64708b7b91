package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code n}, {@code seed}, {@code logit_bias} and the chat shape of {@code logprobs}, each against the model itself. */
class ChoicesAndLogprobsTest {
    static TinyServer tiny;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        tiny = new TinyServer();
    }

    @AfterAll
    static void stop() {
        tiny.close();
    }

    static ObjectNode completion(String prompt) {
        return JSON.createObjectNode().put("model", tiny.server.modelName()).put("prompt", prompt);
    }

    @Test
    void nSampledChoicesPerPromptAreSeededAndNumberedAsOpenAi() throws Exception {
        ObjectNode req = completion("Once").put("n", 3).put("max_tokens", 8).put("temperature", 1.0).put("seed", 11);
        req.putArray("prompt").add("Once").add("The");
        JsonNode a = LmEvalHarnessTest.post(tiny, "/v1/completions", req), b = LmEvalHarnessTest.post(tiny, "/v1/completions", req);
        assertEquals(6, a.get("choices").size());
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            assertEquals(i, a.at("/choices/" + i + "/index").asInt());
            assertEquals(a.at("/choices/" + i + "/text"), b.at("/choices/" + i + "/text"), "the same seed, the same choices");
            texts.add(a.at("/choices/" + i + "/text").asText());
        }
        assertTrue(texts.size() > 2, "sampled choices differ: " + texts);
        // choice i*n + j is row i*n + j of one batch seeded seed + row, as Model.generate's rows are
        List<Generation> expected = tiny.model.generate(List.of("Once", "Once", "Once", "The", "The", "The"),
                GenerationConfig.sampling(8, 1.0, 1.0, 11));
        for (int i = 0; i < 6; i++) assertEquals(expected.get(i).text(), a.at("/choices/" + i + "/text").asText());
        int promptTokens = tiny.model.tokenizer().encode("Once").length + tiny.model.tokenizer().encode("The").length;
        assertEquals(promptTokens, a.at("/usage/prompt_tokens").asInt(), "each prompt counted once");
    }

    @Test
    void chatWithNAnswersNChoices() throws Exception {
        ObjectNode req = JSON.createObjectNode().put("model", tiny.server.modelName()).put("n", 2).put("max_tokens", 5)
                .put("temperature", 0);
        req.putArray("messages").addObject().put("role", "user").put("content", "Hi");
        JsonNode out = LmEvalHarnessTest.post(tiny, "/v1/chat/completions", req);
        assertEquals(2, out.get("choices").size());
        assertEquals(1, out.at("/choices/1/index").asInt());
        assertEquals(out.at("/choices/0/message/content"), out.at("/choices/1/message/content"), "greedy: equal choices");
    }

    /** Banning the greedy token changes the answer to what the model gives with the same bias. */
    @ParameterizedTest(name = "bias {0}")
    @ValueSource(doubles = {-100, 100})
    void logitBiasChangesGreedyOutput(double bias) throws Exception {
        int[] prompt = tiny.model.tokenizer().encode("The answer is");
        float[] last = tiny.model.logits(prompt)[prompt.length - 1];
        int token = bias < 0 ? LmEvalHarnessTest.argmax(last) : 5;
        ObjectNode req = completion("The answer is").put("max_tokens", 6).put("temperature", 0);
        req.putObject("logit_bias").put(Integer.toString(token), bias);
        String got = LmEvalHarnessTest.post(tiny, "/v1/completions", req).at("/choices/0/text").asText();
        String plain = tiny.model.generate("The answer is", GenerationConfig.greedy(6)).text();
        String biased = tiny.model.generate("The answer is", GenerationConfig.greedy(6).withLogitBias(Map.of(token, bias))).text();
        assertEquals(biased, got);
        assertNotEquals(plain, got, "the bias changed the greedy output");
    }

    @Test
    void chatLogprobsHaveOpenAisShapeAndTheModelsValues() throws Exception {
        ObjectNode req = JSON.createObjectNode().put("model", tiny.server.modelName()).put("max_tokens", 6)
                .put("temperature", 0).put("logprobs", true).put("top_logprobs", 3);
        req.putArray("messages").addObject().put("role", "user").put("content", "Hi");
        JsonNode choice = LmEvalHarnessTest.post(tiny, "/v1/chat/completions", req).at("/choices/0");
        JsonNode content = choice.at("/logprobs/content");
        assertTrue(choice.at("/logprobs/refusal").isNull());
        String rendered = tiny.model.applyChatTemplate(List.of(Map.of("role", "user", "content", "Hi")), true, Map.of());
        Generation g = tiny.model.generate(rendered, GenerationConfig.greedy(6));
        int[] prompt = g.promptIds(), generated = g.generatedIds();
        assertEquals(generated.length, content.size());
        int[] all = java.util.Arrays.copyOf(prompt, prompt.length + generated.length);
        System.arraycopy(generated, 0, all, prompt.length, generated.length);
        float[][] logits = tiny.model.logits(all);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < generated.length; i++) {
            JsonNode t = content.get(i);
            double[] ls = LmEvalHarnessTest.logSoftmax(logits[prompt.length + i - 1]);
            assertEquals(ls[generated[i]], t.get("logprob").asDouble(), 1e-4);
            assertEquals(3, t.get("top_logprobs").size());
            assertEquals(LmEvalHarnessTest.max(ls), t.at("/top_logprobs/0/logprob").asDouble(), 1e-4, "best first");
            assertEquals(t.get("token"), t.at("/top_logprobs/0/token"), "greedy: the chosen token is the best");
            byte[] bytes = new byte[t.get("bytes").size()];
            for (int k = 0; k < bytes.length; k++) bytes[k] = (byte) t.get("bytes").get(k).asInt();
            joined.append(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        // the bytes of all tokens together are the UTF-8 of the answer
        assertEquals(choice.at("/message/content").asText(),
                new String(joined.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void completionLogprobsWithoutEchoCoverTheGeneratedTokens() throws Exception {
        ObjectNode req = completion("Once upon").put("max_tokens", 5).put("temperature", 0).put("logprobs", 2);
        JsonNode choice = LmEvalHarnessTest.post(tiny, "/v1/completions", req).at("/choices/0");
        JsonNode lp = choice.get("logprobs");
        Generation g = tiny.model.generate("Once upon", GenerationConfig.greedy(5));
        assertEquals(g.generatedIds().length, lp.get("tokens").size());
        assertTrue(lp.at("/token_logprobs/0").isNumber(), "without echo the first token is a generated one");
        assertEquals(0, lp.at("/text_offset/0").asInt(), "offsets into the returned text");
        StringBuilder text = new StringBuilder();
        lp.get("tokens").forEach(t -> text.append(t.asText()));
        if (!text.toString().contains("bytes:")) assertEquals(choice.get("text").asText(), text.toString());
    }
}
