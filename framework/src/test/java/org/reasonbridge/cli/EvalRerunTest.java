package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eval} on a tiny local model: a rerun with other inputs into the same {@code --out} is refused naming what
 * changed (issue 11's cases), {@code --overwrite} starts afresh, the adapters are recorded, and a policy forces the
 * answer before the length limit, with every intervention in the sample's line.
 */
class EvalRerunTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static Path model, adapters, adapters2, gsmA, gsmB, math;

    @BeforeAll
    static void fixtures() throws IOException {
        ModelConfig config = ModelPreset.TINY.config(ModelFamily.QWEN2);
        model = tmp.resolve("model");
        RandomCheckpoint.write(model, config, 3, DType.F32);
        adapters = tmp.resolve("adapters");
        AdapterSet.init(config, LoraConfig.defaults(), 1).save(adapters);
        adapters2 = tmp.resolve("adapters2");
        AdapterSet.init(config, LoraConfig.defaults(), 2).save(adapters2);
        gsmA = tmp.resolve("gsm-a.jsonl");
        Files.writeString(gsmA, "{\"question\": \"Ann has 2 apples and buys 3. How many?\", \"answer\": \"2 + 3 = 5\\n#### 5\"}\n"
                + "{\"question\": \"Bob has 7 pens and loses 4. How many?\", \"answer\": \"7 - 4 = 3\\n#### 3\"}\n");
        gsmB = tmp.resolve("gsm-b.jsonl");
        Files.writeString(gsmB, "{\"question\": \"Cy has 9 cards and gives 1 away. How many?\", \"answer\": \"9 - 1 = 8\\n#### 8\"}\n"
                + "{\"question\": \"Di has 1 cat and gets 1 more. How many?\", \"answer\": \"1 + 1 = 2\\n#### 2\"}\n");
        math = tmp.resolve("math.jsonl");
        Files.writeString(math, "{\"problem\": \"What is 1+1?\", \"solution\": \"\\\\boxed{2}\", \"answer\": \"2\", \"subject\": \"Algebra\", "
                + "\"level\": 1, \"unique_id\": \"test/algebra/1.json\"}\n");
    }

    static CliRun.Result eval(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("eval", "--model", model.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--max-tokens")) args.addAll(List.of("--max-tokens", "4"));
        return CliRun.run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "rerun with {0}")
    @CsvSource(delimiter = '|', value = {
            "another --data          | --benchmark gsm8k --data $B                      | inputs.data.sha256",
            "another --max-tokens    | --benchmark gsm8k --data $A --max-tokens 5       | max_tokens",
            "another --benchmark     | --benchmark math500 --data $M                    | benchmark",
            "another --policy        | --benchmark gsm8k --data $A --policy budget-forcing --answer-tokens 2 | solver.policy",
            "other --adapters        | --benchmark gsm8k --data $A --adapters $D2       | inputs.adapters",
            "another --num-fewshot   | --benchmark gsm8k --data $A --num-fewshot 1      | prompt.num_fewshot",
    })
    void aRerunWithOtherInputsIsRefused(String name, String args, String named) throws IOException {
        Path out = Files.createTempDirectory(tmp, "run");
        boolean adapted = args.contains("$D2");
        CliRun.Result first = adapted ? eval(out, "--benchmark", "gsm8k", "--data", gsmA.toString(), "--adapters", adapters.toString())
                : eval(out, "--benchmark", "gsm8k", "--data", gsmA.toString());
        assertEquals(0, first.code(), first.err());
        String samples = Files.readString(out.resolve("samples.jsonl"));
        String[] more = args.strip().replace("$A", gsmA.toString()).replace("$B", gsmB.toString()).replace("$M", math.toString())
                .replace("$D2", adapters2.toString()).split("\\s+");
        CliRun.Result again = eval(out, more);
        assertEquals(1, again.code(), again.err());
        assertTrue(again.err().contains("holds a run with other inputs") && again.err().contains(named), again.err());
        assertEquals(samples, Files.readString(out.resolve("samples.jsonl")), "nothing appended");

        List<String> fresh = new ArrayList<>(List.of(more));
        fresh.add("--overwrite");
        CliRun.Result over = eval(out, fresh.toArray(String[]::new));
        assertEquals(0, over.code(), over.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        String run = results.at("/config/run").asText();
        for (String line : Files.readAllLines(out.resolve("samples.jsonl"))) assertEquals(run, JSON.readTree(line).path("run").asText());
        if (args.contains("$B")) {
            assertEquals(results.at("/environment/benchmark_sha256").asText(), results.at("/config/inputs/data/sha256").asText());
            assertFalse(Files.readString(out.resolve("samples.jsonl")).contains("Ann has"), "only the new file's questions");
        }
    }

    @Test
    void theSameInputsResumeAndTheAdaptersAreRecorded(@TempDir Path out) throws IOException {
        // the same model reached by another spelling of its path is the same input
        Path other = tmp.resolve(".").resolve("model");
        assertEquals(0, eval(out, "--benchmark", "gsm8k", "--data", gsmA.toString(), "--adapters", adapters.toString()).code());
        CliRun.Result again = CliRun.run("eval", "--model", other.toString(), "--adapters", adapters.toString(), "--out", out.toString(),
                "--max-tokens", "4", "--benchmark", "gsm8k", "--data", gsmA.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(2, Files.readAllLines(out.resolve("samples.jsonl")).size(), "nothing redone");
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(adapters.toRealPath().toString(), results.at("/config/inputs/adapters/path").asText());
        assertEquals(64, results.at("/config/inputs/adapters/sha256").asText().length());
        assertEquals(model.toRealPath().toString(), results.at("/config/inputs/model/path").asText());
        assertEquals(2, results.at("/environment/resumed_samples").asInt());
        JsonNode line = JSON.readTree(Files.readAllLines(out.resolve("samples.jsonl")).get(0));
        assertEquals(adapters.toRealPath().toString(), line.path("adapters").asText());
        assertTrue(line.path("id").asText().matches("gsm8k-[0-9a-f]{16}"), line.path("id").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"budget-forcing", "gii"})
    void theAnswerIsForcedBeforeTheLengthLimit(String policy, @TempDir Path out) throws IOException {
        // a random model never ends its thinking: at 64 - 32 = 32 thinking tokens the end and the lead-in are forced
        // (the tiny vocabulary spells the lead-in in many tokens)
        CliRun.Result r = eval(out, "--benchmark", "gsm8k", "--data", gsmA.toString(), "--policy", policy,
                "--max-tokens", "64", "--answer-tokens", "32");
        assertEquals(0, r.code(), r.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(32, results.at("/config/solver/policy_config/thinking_budget").asInt());
        for (String l : Files.readAllLines(out.resolve("samples.jsonl"))) {
            JsonNode s = JSON.readTree(l);
            JsonNode steering = s.path("steering");
            assertEquals(32, steering.path("forced_at").asInt(), l);
            assertEquals(32, steering.path("thinking_tokens").asInt(), l);
            assertTrue(s.path("completion").asText().contains("</think>\n\nFinal Answer:"), "forced before the limit: " + l);
            assertTrue(s.path("completion_tokens").asInt() <= 64, l);
            assertTrue(steering.path("interventions").isArray(), l);
        }
    }

    @Test
    void everyInterventionIsInTheLine(@TempDir Path out) throws IOException {
        // "<think>" as the only extension phrase; a random model's end-of-sequence while thinking is an attempt to stop
        CliRun.Result r = eval(out, "--benchmark", "gsm8k", "--data", gsmA.toString(), "--policy", "budget-forcing",
                "--max-tokens", "40", "--max-interventions", "1", "--extension", "Hmm", "--answer-tokens", "8");
        assertEquals(0, r.code(), r.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals("Hmm", results.at("/config/solver/policy_config/extensions/0").asText());
        assertEquals(1, results.at("/config/solver/policy_config/max_interventions").asInt());
        for (String l : Files.readAllLines(out.resolve("samples.jsonl"))) {
            for (JsonNode i : JSON.readTree(l).at("/steering/interventions")) {
                assertEquals("Hmm", i.path("phrase").asText(), l);
                assertEquals("PARTIAL", i.path("state").asText(), l);
                assertTrue(i.has("position") && i.has("evidence") && i.has("thinking_tokens"), l);
            }
        }
    }

    /** The <think> opener only for models whose chat template has thinking (or with --thinking on). */
    @ParameterizedTest(name = "template with thinking {0}, --thinking {1}")
    @CsvSource({"true, auto, true", "false, auto, false", "false, on, true", "true, off, false"})
    void theOpenerFollowsTheChatTemplate(boolean thinkingTemplate, String flag, boolean opened, @TempDir Path dir) throws IOException {
        Path m = dir.resolve("model");
        RandomCheckpoint.write(m, ModelPreset.TINY.config(ModelFamily.QWEN2), 3, DType.F32);
        if (!thinkingTemplate) {
            var cfg = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(m.resolve("tokenizer_config.json").toFile());
            cfg.put("chat_template", "{% for message in messages %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n"
                    + "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}");
            Files.writeString(m.resolve("tokenizer_config.json"), cfg.toString());
        }
        Path out = dir.resolve("out");
        CliRun.Result r = CliRun.run("eval", "--model", m.toString(), "--benchmark", "gsm8k", "--data", gsmA.toString(),
                "--out", out.toString(), "--max-tokens", "2", "--thinking", flag);
        assertEquals(0, r.code(), r.err());
        JsonNode line = JSON.readTree(Files.readAllLines(out.resolve("samples.jsonl")).get(0));
        assertEquals(opened, line.path("prompt").asText().endsWith("<|im_start|>assistant\n<think>\n"), line.path("prompt").asText());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(opened ? "<think>\n" : "", results.at("/config/solver/thinking_opener").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--policy gii --thinking-budget 39 --answer-tokens 8 --max-tokens 40",
            "--max-interventions 2",
            "--policy gii --intervene-on bogus",
            "--policy gii --thinking off",
            "--answer-tokens 3",
    })
    void inconsistentKnobsAreUsageErrors(String args, @TempDir Path out) {
        List<String> a = new ArrayList<>(List.of("--benchmark", "gsm8k", "--data", gsmA.toString()));
        a.addAll(List.of(args.split(" ")));
        CliRun.Result r = eval(out, a.toArray(String[]::new));
        assertTrue(r.code() == 2 || r.code() == 1, r.code() + " " + r.err());
        assertFalse(Files.exists(out.resolve("samples.jsonl")), "nothing ran");
    }
}
