package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eval --endpoint --policy} and {@code sweep --endpoint} against a local OpenAI-compatible completions server
 * that thinks "k + k = N. The answer is N." (5 tokens, stopping at {@code </think>}) and answers {@code \boxed{N}} after the
 * forced lead-in: the policy's one loop drives it as s1 drives vLLM.
 */
class RemotePolicyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNFINISHED = "I add 5 and 7.";
    private HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/completions", ex -> {
            JsonNode r = JSON.readTree(ex.getRequestBody());
            requests.add(r);
            String prompt = r.path("prompt").asText();
            int n = prompt.contains("3+3") || prompt.contains("3 + 3") ? 6 : prompt.contains("5+7") ? 12 : 4;
            boolean answering = prompt.endsWith("Final Answer:");
            String text = answering ? " \\\\boxed{" + n + "}"
                    // "What is 5+7?" is first thought about without an answer, so gii extends it; then it is done
                    : n == 12 ? (prompt.contains(UNFINISHED) ? " 5 + 7 = 12. The answer is 12." : UNFINISHED)
                    : (n / 2) + " + " + (n / 2) + " = " + n + ". The answer is " + n + ".";
            byte[] out = ("{\"choices\":[{\"index\":0,\"text\":\"" + text + "\",\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":" + (answering ? 3 : 5) + "}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @Test
    void evalDrivesAnEndpointThroughThePolicysLoop(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("bench.jsonl");
        Files.writeString(data, "{\"id\": \"q1\", \"question\": \"What is 2+2?\", \"answer\": \"4\"}\n"
                + "{\"id\": \"q2\", \"question\": \"What is 3+3?\", \"answer\": \"6\"}\n");
        Path out = tmp.resolve("run");
        CliRun.Result r = CliRun.run("eval", "--endpoint", url(), "--endpoint-model", "student", "--policy", "budget-forcing",
                "--benchmark", "jsonl", "--data", data.toString(), "--out", out.toString(), "--concurrency", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(1.0, results.at("/metrics/accuracy").asDouble());
        assertEquals("budget-forcing", results.at("/config/solver/policy").asText());
        assertEquals("completions", results.at("/config/solver/mode").asText());
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) {
            JsonNode s = JSON.readTree(line);
            // two "Wait"s (the default), then the forced end and lead-in: 3 thinking requests and the answer
            assertEquals(4, s.path("attempts").asInt(), line);
            assertTrue(s.path("prompt").asText().endsWith("<think>\n"), "the thinking-format prompt: " + line);
            String c = s.path("completion").asText();
            assertEquals(2, c.split("Wait", -1).length - 1, c);
            assertTrue(c.contains("</think>\n\nFinal Answer: \\boxed{"), c);
            assertEquals(3 * 5 + 3, s.path("completion_tokens").asInt(), "thinking and answer tokens: " + line);
        }
        assertEquals(8, requests.size());
        assertEquals("</think>", requests.get(0).at("/stop/0").asText());
        assertEquals(2048 - 512, requests.get(0).path("max_tokens").asInt(),
                "the thinking within --max-tokens (default 2048) less the answer's tokens (default 512)");

        // gii: the detector reads "k + k = N. The answer is N." as complete (one request and the answer) and "I add 5
        // and 7." as partial (no answer yet): it appends an extension, and the server, seeing it, finishes the sum
        requests.clear();
        Files.writeString(data, "{\"id\": \"q1\", \"question\": \"What is 2+2?\", \"answer\": \"4\"}\n"
                + "{\"id\": \"q3\", \"question\": \"What is 5+7?\", \"answer\": \"12\"}\n");
        Path gii = tmp.resolve("gii");
        r = CliRun.run("eval", "--endpoint", url(), "--endpoint-model", "student", "--policy", "gii",
                "--benchmark", "jsonl", "--data", data.toString(), "--out", gii.toString(), "--concurrency", "1");
        assertEquals(0, r.code(), r.err());
        results = JSON.readTree(gii.resolve("results.json").toFile());
        assertEquals(1.0, results.at("/metrics/accuracy").asDouble());
        assertEquals("gii", results.at("/config/solver/policy").asText());
        java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (String line : Files.readAllLines(gii.resolve("samples.jsonl"))) byId.put(JSON.readTree(line).path("id").asText(), JSON.readTree(line));
        JsonNode done = byId.get("q1"), extended = byId.get("q3");
        assertEquals(2, done.path("attempts").asInt(), done.toString());
        assertEquals(0, done.at("/steering/interventions").size(), done.toString());
        assertEquals(-1, done.at("/steering/forced_at").asInt(), "the model ended its thinking: " + done);
        assertEquals(3, extended.path("attempts").asInt(), "two thinking requests and the answer: " + extended);
        JsonNode intervention = extended.at("/steering/interventions/0");
        assertEquals(1, extended.at("/steering/interventions").size(), extended.toString());
        assertEquals("PARTIAL", intervention.path("state").asText(), intervention.toString());
        assertEquals(UNFINISHED.length(), intervention.path("position").asInt(), "the phrase follows the first round's text");
        String phrase = intervention.path("phrase").asText();
        assertTrue(org.reasonbridge.inference.InterventionConfig.EXTENSIONS.contains(phrase), phrase);
        assertTrue(extended.path("completion").asText().startsWith(UNFINISHED + phrase + " 5 + 7 = 12."), extended.toString());
        assertEquals(5, requests.size(), "q1: thinking and answer; q3: two thinking rounds and answer");
        JsonNode continued = requests.get(3);
        assertTrue(continued.path("prompt").asText().endsWith("<think>\n" + UNFINISHED + phrase),
                "the endpoint saw the continued request: " + continued);
        assertEquals("</think>", continued.at("/stop/0").asText());
        // gii thinks in rounds of redirection's roundTokens (256) while redirection is on: the next round asks for
        // that, or for the thinking tokens left after the first round (the server counted 5) when fewer
        assertEquals(Math.min(org.reasonbridge.inference.RedirectConfig.defaults().roundTokens(), 2048 - 512 - 5),
                continued.path("max_tokens").asInt());
    }

    @Test
    void aPolicyOnTheChatApiIsAUsageError(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("bench.jsonl");
        Files.writeString(data, "{\"id\": \"q1\", \"question\": \"What is 2+2?\", \"answer\": \"4\"}\n");
        CliRun.Result r = CliRun.run("eval", "--endpoint", url(), "--endpoint-model", "student", "--policy", "gii", "--chat",
                "--benchmark", "jsonl", "--data", data.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("drop --chat"), r.err());
    }

    @Test
    void sweepDrivesAnEndpoint(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("train.jsonl");
        Files.writeString(data, "{\"id\": \"a\", \"problem\": \"What is 2 + 2?\", \"trace\": \"t\", \"solution\": \"\\\\boxed{4}\"}\n"
                + "{\"id\": \"b\", \"problem\": \"What is 3 + 3?\", \"trace\": \"t\", \"solution\": \"\\\\boxed{6}\"}\n");
        Path out = tmp.resolve("sweep");
        CliRun.Result r = CliRun.run("sweep", "--endpoint", url(), "--endpoint-model", "student", "--data", data.toString(),
                "--interventions", "0,1", "--budgets", "100", "--answer-tokens", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("scaling.csv"));
        assertEquals("method,interventions,thinking_budget,problems,correct,accuracy,mean_thinking_tokens", csv.get(0));
        // gii reads "k + k = N. The answer is N." as complete and lets it end; budget forcing appends "Wait" K times
        assertEquals(List.of("gii,0,100,2,2,1.0,5.0", "gii,1,100,2,2,1.0,5.0", "budget-forcing,0,100,2,2,1.0,5.0",
                "budget-forcing,1,100,2,2,1.0,10.0"), csv.subList(1, csv.size()));
        assertTrue(Files.size(out.resolve("accuracy_vs_thinking_tokens.png")) > 0);
    }

    /** Figure 4 on AIME24: the real published file through its loader, swept against the endpoint, graded as eval does. */
    @Test
    void sweepsAime2024OnAnEndpoint(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("sweep");
        CliRun.Result r = CliRun.run("sweep", "--endpoint", url(), "--endpoint-model", "student", "--benchmark", "aime2024",
                "--data", org.reasonbridge.model.Fixtures.file("datasets/aime24/test.jsonl").toString(), "--limit", "3",
                "--interventions", "0,2", "--budgets", "100", "--answer-tokens", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("scaling.csv"));
        // this server answers 4 to everything: AIME's answers are 0..999 and none of the first three is 4
        // budget forcing appends "Wait" K times whatever the trace says; gii extends only the traces its detector
        // finds unfinished (an AIME problem's givens unused by "2 + 2 = 4"), so its thinking lies between
        assertEquals(5, csv.size(), String.join("\n", csv));
        assertEquals(List.of("budget-forcing,0,100,3,0,0.0,5.0", "budget-forcing,2,100,3,0,0.0,15.0"), csv.subList(3, 5));
        for (String row : csv.subList(1, 3)) {
            assertTrue(row.matches("gii,[02],100,3,0,0\\.0,[0-9.]+"), row);
            double thinking = Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
            assertTrue(thinking >= 5.0 && thinking <= 15.0, row);
        }
        // the problems sent are AIME's own text, rendered as eval renders them
        assertTrue(requests.stream().anyMatch(q -> q.path("prompt").asText().contains("Aya")), "AIME 2024 I #1 was posed");
        assertTrue(Files.size(out.resolve("accuracy_vs_interventions.png")) > 0);
    }
}
