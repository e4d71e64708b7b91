package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.serve.OpenAiServer;
import org.reasonbridge.serve.ServerConfig;
import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} takes the policy knobs {@code eval} and {@code sweep} take (the same mixin), and over HTTP each
 * request's thinking budget is fitted to its max_tokens: a random tiny model that never ends its thinking on its
 * own still gets the forced {@code </think>} and {@code Final Answer:} before the request's length limit, however
 * large {@code --thinking-budget} is.
 */
class ServePolicyKnobsTest {
    @TempDir
    static Path dir;
    static Model model;

    @BeforeAll
    static void load() {
        RandomCheckpoint.write(dir.resolve("tiny"), ModelPreset.TINY.config(ModelFamily.QWEN2), 3, DType.F32);
        model = Model.load(dir.resolve("tiny"));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
    }

    /** The policy serve builds from {@code args}, before loading any model. */
    static TestTimePolicy parsed(String... args) {
        ServeCommand c = new ServeCommand();
        new CommandLine(c).parseArgs(args);
        return c.knobs.policy(c.policy);
    }

    @Test
    void serveReadsEveryKnob() throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"max_interventions\": 5, \"redirect\": {\"stall_tokens\": 300, \"max_redirects\": 1}}");
        TestTimePolicy p = parsed("--policy", "gii", "--policy-config", file.toString(), "--thinking-budget", "9000",
                "--intervene-on", "partial", "--extension", "Hmm", "--max-redirects", "3", "--redirect-phrase", "Let me restart.");
        assertEquals(5, p.config().maxInterventions());
        assertEquals(9000, p.config().thinkingBudget());
        assertEquals(java.util.Set.of(org.reasonbridge.inference.ReasoningState.PARTIAL), p.config().interventions());
        assertEquals(java.util.List.of("Hmm"), p.config().extensions());
        assertEquals(300, p.config().redirect().stallTokens());
        assertEquals(3, p.config().redirect().maxRedirects(), "the flag overrides the file");
        assertEquals(java.util.List.of("Let me restart."), p.config().redirect().phrases());
        assertEquals(TestTimePolicy.named("gii"), parsed("--policy", "gii"), "no knobs: the registry's defaults");
    }

    @ParameterizedTest(name = "{0}, max_tokens {1}")
    @CsvSource({"gii, 24", "gii, 48", "gii, 120", "budget-forcing, 48"})
    void theAnswerIsForcedBeforeTheRequestsLengthLimit(String name, int maxTokens) throws Exception {
        TestTimePolicy p = parsed("--policy", name, "--thinking-budget", "4096");
        try (OpenAiServer server = OpenAiServer.start(model, ServerConfig.defaults(), p)) {
            String body = Json.MAPPER.writeValueAsString(Map.of("model", server.modelName(),
                    "prompt", "What is 6 * 7?\n<think>\n", "max_tokens", maxTokens, "temperature", 0));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode out = Json.MAPPER.readTree(r.body());
            String text = out.at("/choices/0/text").asText();
            assertTrue(text.contains("</think>\n\nFinal Answer:"), "forced before the limit: " + text);
            assertTrue(out.at("/usage/completion_tokens").asInt() <= maxTokens, r.body());
        }
    }
}
