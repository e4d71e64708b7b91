package org.reasonbridge.inference;

import org.reasonbridge.data.ThinkingFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.reasonbridge.http.ApiException;
import org.reasonbridge.lm.OpenAiCompletionsModel;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote path against a local server that records every request and answers from a script. */
class RemoteForcingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "<|im_start|>user\nBob has 5 apples and Carol gives him 3. How many?<|im_end|>\n"
            + "<|im_start|>assistant\n<think>\n";
    private static final String FORCED = "\n</think>\n\nFinal Answer:";

    private HttpServer server;
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final Deque<String> script = new ArrayDeque<>();
    private int status = 200;

    /** One scripted reply: text, finish reason, tokens. */
    private void reply(String text, String finish, int tokens) {
        script.add(JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("choices",
                        JSON.createArrayNode().add(JSON.createObjectNode().put("text", text).put("finish_reason", finish)))
                .set("usage", JSON.createObjectNode().put("completion_tokens", tokens)).toString());
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/completions", exchange -> {
            requests.add(JSON.readTree(exchange.getRequestBody()));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String body = status == 200 ? script.poll() : "{\"error\": \"model overloaded\"}";
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OpenAiCompletionsModel client(String keyEnv, Map<String, String> env) {
        OpenAiClientConfig c = OpenAiClientConfig.of("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return new OpenAiCompletionsModel(new OpenAiClient(keyEnv == null ? c : c.withApiKeyEnv(keyEnv), env::get), "student");
    }

    private void assertRequest(int i, String prompt, int maxTokens, List<String> stop) {
        JsonNode r = requests.get(i);
        assertEquals("student", r.get("model").asText());
        assertEquals(prompt, r.get("prompt").asText(), "prompt of request " + i);
        assertEquals(maxTokens, r.get("max_tokens").asInt(), "max_tokens of request " + i);
        List<String> stops = new ArrayList<>();
        r.path("stop").forEach(s -> stops.add(s.asText())); // no "stop" field = no stop strings
        assertEquals(stop, stops, "stop of request " + i);
        assertEquals(0.0, r.get("temperature").asDouble());
    }

    @Test
    void budgetForcingSendsS1sRequests() {
        reply("A", "stop", 30);
        reply("B", "stop", 20);
        reply("C", "stop", 10);
        reply(" 8", "stop", 2);
        var result = RemoteForcing.budgetForcing(client(null, Map.of()), ThinkingFormat.QWEN3, 2, 100, 64)
                .run(PROMPT, null);
        assertEquals(4, requests.size());
        assertRequest(0, PROMPT, 100, List.of("</think>"));
        assertRequest(1, PROMPT + "AWait", 70, List.of("</think>"));
        assertRequest(2, PROMPT + "AWaitBWait", 50, List.of("</think>"));
        assertRequest(3, PROMPT + "AWaitBWaitC" + FORCED, 64, List.of());
        assertEquals("AWaitBWaitC", result.thinking());
        assertEquals(" 8", result.answer());
        assertEquals(60, result.thinkingTokens());
        assertEquals(List.of(1, 6), result.interventions().stream().map(Intervention::position).toList());
        assertEquals(null, authorizations.get(0), "no key configured, none sent");
    }

    @Test
    void budgetForcingStopsWaitingWhenTheBudgetIsSpent() {
        reply("long thinking", "length", 100);
        reply(" 8", "stop", 2);
        var result = RemoteForcing.budgetForcing(client(null, Map.of()), ThinkingFormat.QWEN3, 5, 100, 64)
                .run(PROMPT, null);
        assertEquals(2, requests.size());
        assertRequest(0, PROMPT, 100, List.of("</think>"));
        assertRequest(1, PROMPT + "long thinking" + FORCED, 64, List.of());
        assertTrue(result.interventions().isEmpty());
    }

    /** A server that counts its stop sequence reports one token more than max_tokens: the count stays at the budget. */
    @Test
    void thinkingTokensNeverPassTheBudget() {
        reply("A", "stop", 60);
        reply("B", "stop", 41);
        reply(" 8", "stop", 2);
        var result = RemoteForcing.budgetForcing(client(null, Map.of()), ThinkingFormat.QWEN3, 5, 100, 64).run(PROMPT, null);
        assertRequest(1, PROMPT + "AWait", 40, List.of("</think>"));
        assertEquals(100, result.thinkingTokens());
        assertEquals(100, result.report().get("forced_at"));
        assertEquals(3, result.report().get("requests"));
    }

    @Test
    void guidedInterventionPicksPhrasesByState() {
        String problem = "Bob has 5 apples and Carol gives him 3. How many?";
        String t1 = "Bob has 5 apples. Maybe add.";
        String t2 = " Carol gives 3, so 5 + 3 = 9. The answer is 9.";
        String t3 = " 5 + 3 = 8, not 9: a mistake. The answer is 8.";
        reply(t1, "stop", 10);
        reply(t2, "stop", 12);
        reply(t3, "stop", 14);
        reply(" 8", "stop", 2);
        String redirect = InterventionConfig.REDIRECTIONS.get(0);
        String verify = InterventionConfig.VERIFICATIONS.get(0);
        var result = RemoteForcing.guided(client("STUDENT_KEY", Map.of("STUDENT_KEY", "sk-secret")),
                ThinkingFormat.QWEN3, InterventionConfig.defaults().withThinkingBudget(1000), new StateDetector(), 32)
                .run(PROMPT, problem);
        assertEquals(4, requests.size());
        // gii watches the path for redirection, so it thinks in rounds of at most 256 tokens (of 1000, 990, 978 left)
        int round = RedirectConfig.defaults().roundTokens();
        assertRequest(0, PROMPT, round, List.of("</think>"));
        assertRequest(1, PROMPT + t1 + redirect, round, List.of("</think>"));
        assertRequest(2, PROMPT + t1 + redirect + t2 + verify, round, List.of("</think>"));
        assertRequest(3, PROMPT + t1 + redirect + t2 + verify + t3 + FORCED, 32, List.of());
        assertEquals(List.of(ReasoningState.UNCERTAIN, ReasoningState.UNVERIFIED),
                result.interventions().stream().map(Intervention::state).toList());
        Intervention second = result.interventions().get(1);
        assertEquals(verify, result.thinking().substring(second.position(), second.position() + verify.length()));
        assertTrue(second.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.ARITHMETIC_ERROR
                && e.text().equals("5 + 3 = 9")), second.evidence()::toString);
        assertEquals(22, second.thinkingTokens());
        assertEquals(List.of("Bearer sk-secret"), authorizations.stream().distinct().toList());
    }

    @Test
    void aStateLeftOutOfTheInterventionsLetsTheModelEnd() {
        String t1 = "Bob has 5 apples. Maybe add.";
        reply(t1, "stop", 10);
        reply(" 8", "stop", 2);
        // the registry's gii with redirection switched off: the hedge (UNCERTAIN) no longer gets a phrase
        TestTimePolicy gii = TestTimePolicy.named("gii").withThinkingBudget(1000);
        var result = gii.withConfig(gii.config().withInterventions(java.util.Set.of(ReasoningState.PARTIAL,
                ReasoningState.UNVERIFIED))).remote(client(null, Map.of()), ThinkingFormat.QWEN3, 32).run(PROMPT, null);
        assertEquals(2, requests.size());
        assertRequest(1, PROMPT + t1 + FORCED, 32, List.of());
        assertTrue(result.interventions().isEmpty());
        assertEquals(10, result.thinkingTokens());
    }

    @Test
    void aServerErrorIsAClearException() {
        status = 503;
        var client = client("STUDENT_KEY", Map.of("STUDENT_KEY", "sk-secret"));
        var forcing = RemoteForcing.budgetForcing(client, ThinkingFormat.QWEN3, 1, 100, 8);
        ApiException e = assertThrows(ApiException.class, () -> forcing.run(PROMPT, null));
        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("model overloaded"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-secret"));
        assertFalse(client.toString().contains("sk-secret"));
    }

    @Test
    void aMissingKeyIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> client("NO_SUCH_KEY", Map.of()));
        assertTrue(e.getMessage().contains("NO_SUCH_KEY"));
    }
}
