package org.reasonbridge.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.lm.OpenAiCompletionsModel;
import org.reasonbridge.model.Fixtures;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.DecodeAction;
import org.reasonbridge.model.generate.DecodeHook;
import org.reasonbridge.model.generate.DecodeStep;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.model.generate.TokenListener;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.model.tokenizer.Tokenizer;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Local and remote redirection agree: the same scripted "model" writes the same trace, once as the qwen2-tiny
 * SameDiff model decoding under {@link InterventionPolicy} (each proposed token replaced by the script's, so the
 * real generator, cache and rewind run), once behind a local HTTP server speaking OpenAI's completions wire driven
 * by {@link RemoteForcing}. Both end with the same thinking and the same redirect records.
 */
class RedirectAgreementTest {
    private static final String PROBLEM = "Bob has 5 apples and Carol gives him 3. How many apples does Bob have?";
    private static final String PROMPT = PROBLEM + "\n<think>\n";
    private static final ThinkingFormat FORMAT = ThinkingFormat.QWEN3;
    private static final String AFTER = " Then 5 + 3 = 8. So the answer is 8.\n</think>\n\nFinal Answer: 8";
    private static final Map<String, String> SCRIPTS = Map.of(
            "looping", "Let me compute the total. " + "Bob has 5 apples and gets 3 more. ".repeat(5) + "\n</think>\n\nFinal Answer: 8",
            "failing", "Let me compute the total. First 3 * 4 = 13. Next 6 + 7 = 14. Then 9 * 9 = 80. And 2 + 2 = 5. "
                    + "\n</think>\n\nFinal Answer: 8",
            "productive", "Let me compute the total. For n = 1, the sum is 1. For n = 2, the sum is 3. Bob has 5 apples and "
                    + "gets 3 more, so 5 + 3 = 8. So the answer is 8.\n</think>\n\nFinal Answer: 8");
    private static Model model;
    private static Tokenizer tok;
    private static HttpServer server;
    private static String script;

    @BeforeAll
    static void start() throws IOException {
        model = Model.load(Fixtures.model("qwen2-tiny"));
        tok = model.tokenizer();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/completions", exchange -> {
            JsonNode r = Json.MAPPER.readTree(exchange.getRequestBody());
            String body = Json.MAPPER.writeValueAsString(complete(r.get("prompt").asText(), r.get("max_tokens").asInt()));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
        if (model != null) model.close();
    }

    /** The scripted model behind the server: the script from where the prompt left it, until the end of thinking. */
    private static Map<String, Object> complete(String prompt, int maxTokens) {
        String text;
        if (prompt.endsWith(FORMAT.forcedAnswer())) {
            text = " 8";
        } else {
            String thinking = prompt.substring(PROMPT.length());
            int phrase = thinking.lastIndexOf(RedirectConfig.PHRASES.get(0));
            String source = phrase < 0 ? script : AFTER;
            int from = phrase < 0 ? thinking.length() : thinking.length() - phrase - RedirectConfig.PHRASES.get(0).length();
            text = source.substring(from);
        }
        String finish = "stop";
        int end = text.indexOf(FORMAT.end());
        if (end >= 0) text = text.substring(0, end);
        if (text.length() > maxTokens * 4) {
            text = text.substring(0, maxTokens * 4);
            finish = "length";
        }
        return Map.of("choices", List.of(Map.of("text", text, "finish_reason", finish)),
                "usage", Map.of("completion_tokens", RemoteForcing.estimate(text)));
    }

    /** The policy sees the script's token as the proposed one; what it lets through is the script's token. */
    private static final class Scripted implements DecodeHook {
        final InterventionPolicy policy;
        final int[] first;
        final int[] after;
        int afterStart = -1;

        Scripted(InterventionPolicy policy, String first) {
            this.policy = policy;
            this.first = tok.encode(first);
            this.after = tok.encode(AFTER);
        }

        @Override
        public DecodeAction onStep(DecodeStep s) {
            int[] source = afterStart < 0 ? first : after;
            int i = afterStart < 0 ? s.step() : s.step() - afterStart;
            if (i >= source.length) return DecodeAction.stop();
            int token = source[i];
            DecodeAction a = policy.onStep(new DecodeStep(s.row(), s.step(), s.prompt(), s.generated(), s.logits(), token, s::text));
            if (a instanceof DecodeAction.Rewind r) afterStart = r.keep() + r.tokens().length;
            return a instanceof DecodeAction.Accept ? DecodeAction.replace(token) : a;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"looping, 1, Let me compute the total. Bob has 5 apples and gets 3 more.",
            "failing, 1, Let me compute the total. First 3 * 4 = 13.", "productive, 0, ''"})
    void localAndRemoteRedirectAlike(String name, int redirects, String kept) {
        script = SCRIPTS.get(name);
        InterventionConfig config = InterventionConfig.defaults().withMaxInterventions(0).withThinkingBudget(2048);
        ThinkingFormat format = FORMAT.resolve(tok);
        InterventionPolicy policy = new InterventionPolicy(tok, format, config, PROBLEM);
        Generation g = model.generator().generate(List.of(tok.encode(PROMPT)), GenerationConfig.greedy(1024).withStopTokenIds(Set.of()),
                new Scripted(policy, script), TokenListener.NONE).get(0);
        String localThinking = format.thinkingOf(g.text());

        OpenAiCompletionsModel client = new OpenAiCompletionsModel(new OpenAiClient(
                OpenAiClientConfig.of("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), Map.<String, String>of()::get), "student");
        RemoteForcing.Result remote = RemoteForcing.guided(client, FORMAT, config, new StateDetector(), 64).run(PROMPT, PROBLEM);

        assertEquals(remote.thinking().strip(), localThinking.strip(), "the same thinking");
        List<Intervention> local = policy.interventions();
        assertEquals(redirects, local.size());
        assertEquals(redirects, remote.interventions().size());
        int[] ids = g.generatedIds();
        for (int i = 0; i < redirects; i++) {
            Intervention l = local.get(i), r = remote.interventions().get(i);
            assertEquals(Intervention.REDIRECT, l.kind());
            assertEquals(r.evidence(), l.evidence(), "the same signal at the same characters");
            assertEquals(r.phrase(), l.phrase());
            assertEquals(r.state(), l.state());
            // positions are in tokens locally, in characters remotely: the same place
            assertEquals(r.position(), tok.decode(Arrays.copyOf(ids, l.position())).length());
            assertEquals(kept, localThinking.substring(0, r.position()));
        }
        if (redirects == 0) assertEquals(script.substring(0, script.indexOf(FORMAT.end())).strip(), localThinking.strip());
        assertEquals(" 8", remote.answer());
    }
}
