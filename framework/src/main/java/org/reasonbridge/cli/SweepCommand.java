package org.reasonbridge.cli;

import org.reasonbridge.analysis.LinePlot;
import org.reasonbridge.analysis.TableFiles;
import org.reasonbridge.data.AtomicFiles;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.eval.AnswerMatch;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.PromptFormat;
import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.ScalingSweep;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.generate.GenerationConfig;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.OpenAiCompletionsModel;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** Test-time scaling: accuracy against interventions and thinking tokens, GII and budget forcing side by side. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Test-time scaling sweep (the paper's Figure 4): for each method, number of interventions and",
                "thinking budget, greedy accuracy on the problems (training-format JSONL, or any --benchmark), with a",
                "local --model or a completions --endpoint; progress goes to stderr.",
                "Writes OUT/scaling.csv, OUT/accuracy_vs_interventions.png and OUT/accuracy_vs_thinking_tokens.png."})
final class SweepCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;
    @Option(names = "--adapters", paramLabel = "DIR", description = "Trained adapters to load onto the model.")
    Path adapters;
    @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
            description = "Without --benchmark: problems in the training format (JSONL {problem, answer?, solution}; the "
                    + "reference is the answer field, else the solution's \\boxed{}). With --benchmark: that benchmark's file or folder.")
    Path data;
    @Option(names = "--benchmark", paramLabel = "NAME",
            description = "Read --data with a benchmark loader (math500, aime2024, gpqa-diamond, gsm8k, mmlu-stem, bbh, "
                    + "logiqa, jsonl), posed and graded as eval does.")
    String benchmark;
    @Mixin
    PolicyOptions knobs;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Use the first N problems; 0 = all.")
    int limit;
    @Option(names = "--methods", split = ",", defaultValue = "gii,budget-forcing", description = "Default: ${DEFAULT-VALUE}.")
    List<String> methods;
    @Option(names = "--interventions", split = ",", defaultValue = "0,1,2,4,8",
            description = "Interventions (GII) or ignored end-of-thinking (budget forcing). Default: ${DEFAULT-VALUE}.")
    List<Integer> interventions;
    @Option(names = "--budgets", split = ",", defaultValue = "512,1024,2048",
            description = "Thinking-token budgets. Default: ${DEFAULT-VALUE}.")
    List<Integer> budgets;
    @Option(names = "--answer-tokens", paramLabel = "N", defaultValue = "64",
            description = "Tokens allowed for the answer after thinking. Default: ${DEFAULT-VALUE}.")
    int answerTokens;
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Sweep a student behind an OpenAI-compatible completions endpoint (e.g. vLLM, http://127.0.0.1:8000/v1) instead of --model, driven as s1 drives vLLM.")
    String endpoint;
    @Option(names = "--endpoint-model", paramLabel = "NAME", description = "The model name the endpoint serves.")
    String endpointModel;
    @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the endpoint's API key.")
    String apiKeyEnv;
    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "With --endpoint: the student's model folder, whose chat template renders the prompts; default the plain layout.")
    Path tokenizer;
    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // every policy of the registry that steers decoding is a method
        List<String> known = TestTimePolicy.names().stream().filter(n -> !TestTimePolicy.named(n).isNone()).toList();
        for (String m : methods) {
            if (!known.contains(m)) throw new IllegalArgumentException("unknown method '" + m + "'; known: " + String.join(", ", known));
        }
        if (endpoint != null && (model.model != null || adapters != null)) {
            throw new ParameterException(spec.commandLine(), "give --model (with --adapters) or --endpoint, not both");
        }
        if (endpoint == null && (endpointModel != null || apiKeyEnv != null || tokenizer != null)) {
            throw new ParameterException(spec.commandLine(), "--endpoint-model, --api-key-env and --tokenizer apply to --endpoint only");
        }
        if (endpoint != null && endpointModel == null) throw new ParameterException(spec.commandLine(), "--endpoint needs --endpoint-model NAME");
        if (knobs.explicitK() || knobs.explicitBudget() != null) {
            throw new ParameterException(spec.commandLine(), "sweep varies K and the thinking budget: give them as --interventions and --budgets");
        }
        if (budgets.isEmpty() || budgets.stream().anyMatch(b -> b < 1)) throw new ParameterException(spec.commandLine(), "--budgets must be >= 1");
        if (interventions.stream().anyMatch(k -> k < 0)) throw new ParameterException(spec.commandLine(), "--interventions must be >= 0");
        if (answerTokens < 1) throw new ParameterException(spec.commandLine(), "--answer-tokens must be >= 1");
        List<Problem> problems;
        Function<Problem, String> question;
        ScalingSweep sweep;
        if (benchmark != null) {
            Benchmark b = EvalCommand.BENCHMARKS.load(benchmark, data);
            PromptFormat format = PromptFormat.of(b);
            if (format == PromptFormat.CODE) throw new IllegalArgumentException("sweep grades answers, not code: " + benchmark + " is not supported");
            problems = b.problems();
            question = format::render;
            // the prompts open the thinking, so a completion is thinking until its end marker
            sweep = new ScalingSweep((ScalingSweep.Grading) (completion, p) -> b.grader().grade(ChatPrompt.FORMAT.split(completion, true), p.answer(), p.choices()));
        } else {
            problems = ScalingSweep.fromExamples(ExampleReader.read(data));
            question = Problem::question;
            sweep = new ScalingSweep(new AnswerMatch(ChatPrompt.FORMAT));
        }
        if (limit > 0 && limit < problems.size()) problems = problems.subList(0, limit);
        int maxBudget = budgets.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<String, ScalingSweep.Method> table = new LinkedHashMap<>();
        ProgressLines lines = new ProgressLines();
        ScalingSweep.Progress progress = (method, k, budget, done, total, correct) ->
                lines.report(method + " K=" + k + " budget=" + budget, done, total, "correct " + correct);
        Table result;
        if (endpoint != null) {
            OpenAiClientConfig cfg = OpenAiClientConfig.of(endpoint);
            LanguageModel student = new OpenAiCompletionsModel(new OpenAiClient(apiKeyEnv == null ? cfg : cfg.withApiKeyEnv(apiKeyEnv)),
                    endpointModel).retrying(RetryPolicy.defaults());
            ChatPrompt prompts = ChatPrompt.of(tokenizer);
            for (String name : methods) {
                table.put(name, ScalingSweep.remote(student, knobs.policy(name), p -> prompts.thinking(question.apply(p)), answerTokens));
            }
            result = sweep.run(problems, table, interventions, budgets, progress);
        } else {
            Path dir = model.resolve();
            try (Model m = adapters == null ? Model.load(dir) : Model.load(dir, adapters)) {
                ChatPrompt prompts = ChatPrompt.forTokenizer(m.tokenizer());
                GenerationConfig generation = GenerationConfig.greedy(maxBudget + answerTokens + 64);
                // each hook is built per generation from the registry; the problem text lets GII look for unaddressed conditions
                for (String name : methods) {
                    table.put(name, ScalingSweep.local(m, knobs.policy(name), p -> prompts.thinking(question.apply(p)), generation));
                }
                result = sweep.run(problems, table, interventions, budgets, progress);
            }
        }
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("scaling.csv"), TableFiles.csv(result)); // a failed run keeps the last table
        Table atMaxBudget = result.where(result.intColumn("thinking_budget").isEqualTo(maxBudget));
        LinePlot.write(atMaxBudget, "interventions", "accuracy", "method",
                "Accuracy vs interventions (budget " + maxBudget + ")", out.resolve("accuracy_vs_interventions.png"), 800, 480);
        LinePlot.write(result, "mean_thinking_tokens", "accuracy", "method", "Accuracy vs thinking tokens",
                out.resolve("accuracy_vs_thinking_tokens.png"), 800, 480);
        System.out.println(result.printAll());
        System.err.println("wrote " + out.resolve("scaling.csv") + " and two plots");
        return 0;
    }
}
