package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.inference.RedirectConfig;
import org.reasonbridge.model.json.Json;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A redirect reaches samples.jsonl: {@code eval --policy gii} against a completions endpoint whose scripted student
 * loops (until a redirect phrase appears in its prompt, then it finishes the sum). With redirection on, the sample's
 * steering records one intervention of kind {@code redirect} with the loop as evidence; with
 * {@code --max-redirects 0} none, and the loop stays in the completion.
 */
class EvalRedirectTest {
    private static final String START = "Let me compute the total.";
    private static final String SCRIPT = START + " " + "Bob has 5 apples and gets 3 more. ".repeat(5) + "\n</think>";
    private static final String PHRASE = "Let me restart from the sum.";
    private static final String AFTER = " 5 + 3 = 8. So the answer is 8.\n</think>";

    /** The scripted student: the script from where the prompt left it, up to the end of thinking. */
    static String complete(String prompt) {
        if (prompt.endsWith("Final Answer:")) return " \\boxed{8}";
        int phrase = prompt.lastIndexOf(PHRASE);
        int start = prompt.indexOf(START);
        String text = phrase >= 0 ? AFTER.substring(prompt.length() - phrase - PHRASE.length())
                : SCRIPT.substring(start < 0 ? 0 : prompt.length() - start);
        int end = text.indexOf("</think>");
        return end < 0 ? text : text.substring(0, end);
    }

    @ParameterizedTest(name = "--max-redirects {0}")
    @CsvSource({"1, 1", "0, 0"})
    void aRedirectIsRecordedInTheSample(int maxRedirects, int redirects, @TempDir Path tmp) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/completions", ex -> {
            JsonNode r = Json.MAPPER.readTree(ex.getRequestBody());
            String text = complete(r.get("prompt").asText());
            byte[] out = Json.MAPPER.writeValueAsString(Map.of("choices", List.of(Map.of("text", text, "finish_reason", "stop")),
                    "usage", Map.of("completion_tokens", (text.length() + 3) / 4))).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        try {
            Path data = tmp.resolve("q.jsonl");
            Files.writeString(data, "{\"id\": \"q1\", \"question\": \"Bob has 5 apples and gets 3 more. How many?\", \"answer\": \"8\"}\n");
            Path out = tmp.resolve("run");
            CliRun.Result r = CliRun.run("eval", "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "--endpoint-model", "m", "--policy", "gii", "--max-interventions", "0", "--max-redirects",
                    Integer.toString(maxRedirects), "--redirect-phrase", PHRASE, "--benchmark", "jsonl",
                    "--data", data.toString(), "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode sample = Json.MAPPER.readTree(Files.readAllLines(out.resolve("samples.jsonl")).get(0));
            JsonNode interventions = sample.at("/steering/interventions");
            assertEquals(redirects, interventions.size(), sample.toString());
            String completion = sample.get("completion").asText();
            if (redirects == 1) {
                JsonNode i = interventions.get(0);
                assertEquals("redirect", i.get("kind").asText());
                assertEquals("LOOP", i.at("/evidence/0/kind").asText());
                assertEquals(" " + PHRASE, i.get("phrase").asText());
                assertTrue(i.get("removed").asInt() > 0);
                assertTrue(completion.startsWith(START + " Bob has 5 apples and gets 3 more. " + PHRASE + AFTER.replace("</think>", "")),
                        completion);
                assertEquals(true, sample.get("verdict").asBoolean(), sample.toString());
            } else {
                assertTrue(completion.contains("Bob has 5 apples and gets 3 more. ".repeat(5).strip()), completion);
            }
            JsonNode results = Json.MAPPER.readTree(out.resolve("results.json").toFile());
            assertEquals(maxRedirects, results.at("/config/solver/policy_config/redirect/max_redirects").asInt(), results.toString());
            assertEquals(RedirectConfig.defaults().stallTokens(), results.at("/config/solver/policy_config/redirect/stall_tokens").asInt());
        } finally {
            server.stop(0);
        }
    }
}
