package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reasonbridge.model.generate.GenerationConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lm-evaluation-harness's {@code local-completions} and {@code local-chat-completions} models against the server:
 * the request bodies its {@code _create_payload} builds (loglikelihood: token-id prompts in a batch, {@code echo},
 * {@code logprobs: 1}, {@code max_tokens: 1}; generate_until: token ids or text, {@code stop}, {@code seed}), and
 * its {@code parse_logprobs} and {@code parse_generations} replayed on the responses, field by field. The
 * log-probabilities are checked against the model's own logits (log-softmax of {@code Model.logits}).
 */
class LmEvalHarnessTest {
    static TinyServer tiny;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        tiny = new TinyServer();
    }

    @AfterAll
    static void stop() {
        tiny.close();
    }

    /** One loglikelihood request: context and continuation ids, as the harness's batch_loglikelihood_requests makes them. */
    record Pair(int[] context, int[] continuation) {
        int[] all() {
            int[] a = java.util.Arrays.copyOf(context, context.length + continuation.length);
            System.arraycopy(continuation, 0, a, context.length, continuation.length);
            return a;
        }
    }

    /** What parse_logprobs returns per request: (sum of the continuation's log-probabilities, is_greedy). */
    record Answer(double logprob, boolean greedy) {
    }

    @Test
    void loglikelihoodOfABatchOfTokenPromptsMatchesTheModel() throws Exception {
        int[] ctx = ids("The answer is");
        int greedyNext = argmax(tiny.model.logits(ctx)[ctx.length - 1]);
        List<Pair> pairs = List.of(new Pair(ctx, ids(" 42")), new Pair(ctx, new int[]{greedyNext}),
                new Pair(ids("Question: 2+2?\nAnswer:"), ids(" four, I think")), new Pair(ids("a"), ids("bb")));
        // LocalCompletionsAPI._create_payload(generate=False) with tokenized_requests=True and batch_size=4
        ObjectNode payload = JSON.createObjectNode();
        payload.put("model", tiny.server.modelName());
        ArrayNode prompt = payload.putArray("prompt");
        for (Pair p : pairs) {
            ArrayNode row = prompt.addArray();
            for (int id : p.all()) row.add(id);
        }
        payload.put("temperature", 0).put("max_tokens", 1).put("logprobs", 1).put("seed", 1234).put("echo", true);
        JsonNode out = post("/v1/completions", payload);

        List<Integer> ctxlens = pairs.stream().map(p -> p.context().length).toList();
        List<Answer> answers = parseLogprobs(out, ctxlens);
        assertEquals(pairs.size(), answers.size());
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            float[][] logits = tiny.model.logits(p.all());
            double sum = 0;
            boolean greedy = true;
            for (int t = p.context().length; t < p.all().length; t++) {
                sum += logSoftmax(logits[t - 1])[p.all()[t]];
                greedy &= argmax(logits[t - 1]) == p.all()[t];
            }
            assertEquals(sum, answers.get(i).logprob(), 1e-4, "request " + i);
            assertEquals(greedy, answers.get(i).greedy(), "request " + i + " is_greedy");
            checkEchoShape(out.get("choices").get(i), p.all(), 1);
        }
        assertTrue(answers.get(1).greedy(), "the model's own next token is greedy");
    }

    @Test
    void loglikelihoodOfATextPromptIsTheSameAsOfItsTokens() throws Exception {
        // tokenized_requests=False: the harness sends the decoded string (batch_size 1: a bare string)
        String text = "Question: 2+2?\nAnswer: four";
        int[] all = ids(text);
        ObjectNode payload = JSON.createObjectNode().put("model", tiny.server.modelName()).put("prompt", text)
                .put("temperature", 0).put("max_tokens", 1).put("logprobs", 1).put("seed", 1234).put("echo", true);
        JsonNode out = post("/v1/completions", payload);
        int ctxlen = ids("Question: 2+2?\nAnswer:").length;
        float[][] logits = tiny.model.logits(all);
        double sum = 0;
        for (int t = ctxlen; t < all.length; t++) sum += logSoftmax(logits[t - 1])[all[t]];
        assertEquals(sum, parseLogprobs(out, List.of(ctxlen)).get(0).logprob(), 1e-4);
        JsonNode choice = out.at("/choices/0");
        assertTrue(choice.get("text").asText().startsWith(text), "echo puts the prompt first");
        checkEchoShape(choice, all, 1);
    }

    @Test
    void maxTokensZeroScoresThePromptAlone() throws Exception {
        int[] all = ids("one two three");
        ObjectNode payload = JSON.createObjectNode().put("model", tiny.server.modelName()).put("max_tokens", 0)
                .put("logprobs", 3).put("echo", true).put("temperature", 0);
        ArrayNode row = payload.putArray("prompt");
        for (int id : all) row.add(id);
        JsonNode choice = post("/v1/completions", payload).at("/choices/0");
        checkEchoShape(choice, all, 0);
        assertEquals(tiny.model.tokenizer().decode(all), choice.get("text").asText());
        float[][] logits = tiny.model.logits(all);
        JsonNode tops = choice.at("/logprobs/top_logprobs");
        for (int t = 1; t < all.length; t++) {
            double[] ls = logSoftmax(logits[t - 1]);
            assertEquals(ls[all[t]], choice.at("/logprobs/token_logprobs").get(t).asDouble(), 1e-4);
            // the 3 best and the chosen token: 3 or 4 entries, the best of them the row's maximum
            assertTrue(tops.get(t).size() == 3 || tops.get(t).size() == 4, tops.get(t).toString());
            assertEquals(max(ls), max(tops.get(t)), 1e-4);
        }
    }

    @Test
    void generateUntilWithTokenPromptsAnswersAsTheModel() throws Exception {
        List<String> contexts = List.of("Q: 1+1?\nA:", "Once upon");
        // LocalCompletionsAPI._create_payload(generate=True): until + eos as stop, gen_kwargs spread in
        ObjectNode payload = JSON.createObjectNode();
        ArrayNode prompt = payload.putArray("prompt");
        for (String c : contexts) {
            ArrayNode row = prompt.addArray();
            for (int id : ids(c)) row.add(id);
        }
        payload.put("model", tiny.server.modelName()).put("max_tokens", 12).put("temperature", 0);
        payload.putArray("stop").add("\n\n").add("Question:").add("<|endoftext|>");
        payload.put("seed", 1234);
        List<String> got = parseGenerations(post("/v1/completions", payload));
        for (int i = 0; i < contexts.size(); i++) {
            String expected = tiny.model.generate(contexts.get(i),
                    GenerationConfig.greedy(12).withStopStrings("\n\n", "Question:", "<|endoftext|>")).text();
            assertEquals(expected, got.get(i), contexts.get(i));
        }
    }

    @Test
    void generateUntilThroughTheChatEndpoint() throws Exception {
        // LocalChatCompletion._create_payload: messages, max_tokens, temperature, stop[:4], seed
        ObjectNode payload = JSON.createObjectNode();
        payload.putArray("messages").addObject().put("role", "user").put("content", "What is 2+2?");
        payload.put("model", tiny.server.modelName()).put("max_tokens", 10).put("temperature", 0);
        payload.putArray("stop").add("\n\n");
        payload.put("seed", 1234);
        JsonNode out = post("/v1/chat/completions", payload);
        String expected = tiny.model.chat(List.of(Map.of("role", "user", "content", "What is 2+2?")),
                GenerationConfig.greedy(10).withStopStrings("\n\n")).text();
        assertEquals(expected, out.at("/choices/0/message/content").asText());
    }

    // ---- The harness's parsers, as in lm_eval/models/openai_completions.py

    /** parse_logprobs: per choice (sorted by index) the sum of token_logprobs[ctxlen:-1] and is_greedy. */
    static List<Answer> parseLogprobs(JsonNode out, List<Integer> ctxlens) {
        List<JsonNode> choices = new ArrayList<>();
        out.get("choices").forEach(choices::add);
        choices.sort(Comparator.comparingInt(c -> c.get("index").asInt()));
        List<Answer> res = new ArrayList<>();
        for (int i = 0; i < Math.min(choices.size(), ctxlens.size()); i++) {
            JsonNode lp = choices.get(i).get("logprobs");
            JsonNode tokenLogprobs = lp.get("token_logprobs"), top = lp.get("top_logprobs");
            int ctxlen = ctxlens.get(i);
            assertTrue(ctxlen > 0);
            double sum = 0;
            boolean greedy = true;
            for (int t = ctxlen; t < tokenLogprobs.size() - 1; t++) {
                assertTrue(tokenLogprobs.get(t).isNumber(), "token_logprobs[" + t + "] must be a number");
                sum += tokenLogprobs.get(t).asDouble();
                assertTrue(top.get(t).isObject(), "top_logprobs[" + t + "] must be a dict");
                if (tokenLogprobs.get(t).asDouble() != max(top.get(t))) greedy = false; // `tok != max(top.values())`
            }
            res.add(new Answer(sum, greedy));
        }
        return res;
    }

    /** parse_generations: choices[index].text, in index order. */
    static List<String> parseGenerations(JsonNode out) {
        String[] tmp = new String[out.get("choices").size()];
        for (JsonNode c : out.get("choices")) tmp[c.get("index").asInt()] = c.get("text").asText();
        return List.of(tmp);
    }

    /** The fields of an echoed choice: one entry per prompt token plus {@code generated}, the first without a value. */
    static void checkEchoShape(JsonNode choice, int[] prompt, int generated) {
        JsonNode lp = choice.get("logprobs");
        int n = prompt.length + generated;
        for (String f : List.of("tokens", "token_logprobs", "top_logprobs", "text_offset")) {
            assertEquals(n, lp.get(f).size(), f + " of " + lp);
        }
        assertTrue(lp.at("/token_logprobs/0").isNull(), "token_logprobs[0] is null");
        assertTrue(lp.at("/top_logprobs/0").isNull(), "top_logprobs[0] is null");
        String text = choice.get("text").asText();
        int previous = 0;
        for (int t = 0; t < n; t++) {
            assertTrue(lp.get("tokens").get(t).isTextual());
            int offset = lp.get("text_offset").get(t).asInt();
            assertTrue(offset >= previous && offset <= text.length(), "text_offset " + lp.get("text_offset"));
            previous = offset;
            if (t > 0) {
                assertTrue(lp.get("token_logprobs").get(t).asDouble() <= 0);
                assertTrue(lp.get("top_logprobs").get(t).has(lp.get("tokens").get(t).asText()),
                        "the chosen token is among top_logprobs[" + t + "]");
            }
        }
        for (int t = 0; t < prompt.length; t++) {
            String piece = tiny.model.tokenizer().decode(new int[]{prompt[t]});
            if (!piece.contains("\uFFFD")) assertEquals(piece, lp.get("tokens").get(t).asText());
        }
    }

    // ---- Helpers

    static int[] ids(String text) {
        return tiny.model.tokenizer().encode(text);
    }

    static double max(JsonNode dict) {
        double m = Double.NEGATIVE_INFINITY;
        for (Iterator<JsonNode> it = dict.elements(); it.hasNext(); ) m = Math.max(m, it.next().asDouble());
        return m;
    }

    static double max(double[] xs) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : xs) m = Math.max(m, x);
        return m;
    }

    static int argmax(float[] xs) {
        int best = 0;
        for (int i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
        return best;
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float x : logits) max = Math.max(max, x);
        for (float x : logits) sum += Math.exp(x - max);
        double lse = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) out[i] = logits[i] - lse;
        return out;
    }

    static JsonNode post(String path, JsonNode body) throws Exception {
        return post(tiny, path, body);
    }

    /** POSTs {@code body} to {@code server}, expecting a 200 without an error object. */
    static JsonNode post(TinyServer server, String path, JsonNode body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.server.baseUrl().resolve(path).toString()))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode out = JSON.readTree(r.body());
        assertFalse(out.has("error"), r.body());
        return out;
    }
}
