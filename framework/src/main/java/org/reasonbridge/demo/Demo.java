package org.reasonbridge.demo;

import org.reasonbridge.curation.Ablation;
import org.reasonbridge.curation.CurationInputs;
import org.reasonbridge.curation.CurationPipeline;
import org.reasonbridge.curation.CurationResult;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.curation.filter.KeywordDomainClassifier;
import org.reasonbridge.data.Example;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.data.ExampleWriter;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.EvalOptions;
import org.reasonbridge.eval.EvaluationRun;
import org.reasonbridge.eval.JsonlBenchmark;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.LocalLanguageModel;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.teacher.LmTeacher;
import org.reasonbridge.teacher.TeacherRun;
import org.reasonbridge.training.StepMetrics;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingListener;
import org.reasonbridge.training.TrainingRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The method end to end in the mini world, through the same public API as the CLI: world → tokenizer and base
 * models → curation (pool, teacher over loopback HTTP, quality, difficulty with both base models, domains,
 * selection) → adapters on the student → evaluation of every condition on the held-out test sets → report.
 * Every stage writes into {@code out} and is skipped when its outputs are there, so a killed run resumes and a
 * finished one only rewrites its report.
 *
 * <pre>
 * out/world/                  pools, test sets, world.json
 * out/models/tokenizer/       the demo tokenizer; out/models/student, out/models/solver: the base models
 * out/curation/               reason1k.jsonl, audit, summary, ablation-random.jsonl
 * out/train/VARIANT/          adapters per variant (reasonbridge, sft, random, control, no-strategic, ...)
 * out/eval/CONDITION/SET/     results.json + samples.jsonl per condition and test file
 * out/report/                 report.md, results.csv, claims.csv, figure.png
 * </pre>
 */
public final class Demo {
    /** Where the demo tells its progress. */
    public interface Progress {
        void stage(String name, String what);

        void progress(String stage, int done, int total, String note);

        Progress NONE = new Progress() {
            @Override
            public void stage(String name, String what) {
            }

            @Override
            public void progress(String stage, int done, int total, String note) {
            }
        };
    }

    /** A trained variant: which data and loss, and whether it is run in quick mode. */
    record Variant(String name, String data, String config) {
    }

    /**
     * An evaluated condition: adapters of a variant (or none for the base), a test-time policy, and the test files
     * it is evaluated on (the ablations only in-domain, as Table 2; the policies not on the held-out domain).
     */
    record Condition(String name, String variant, String policy, List<String> sets) {
    }

    static final List<String> SETS = List.of("in-domain", "hard", "held-out");
    /** The curated set curation writes (the paper's Reason1K). */
    static final String SELECTED = "reason1k.jsonl";

    private final DemoSettings settings;
    private final Path out;
    private final Progress progress;

    public Demo(DemoSettings settings, Path out, Progress progress) {
        this.settings = settings;
        this.out = out.toAbsolutePath().normalize();
        this.progress = progress;
    }

    /** Runs every stage not yet done and writes the report; returns the report folder. */
    public DemoReport run() {
        WorldFiles world = world();
        Path tokenizer = tokenizer(world);
        Path student = baseModel(settings.student(), tokenizer, 1);
        Path solver = baseModel(settings.solver(), tokenizer, 2);
        Path curated = curate(world, student, solver);
        Map<String, Path> adapters = new LinkedHashMap<>();
        for (Variant v : variants()) adapters.put(v.name(), train(student, curated, v));
        Map<String, Path> sets = testSets(world);
        List<Condition> conditions = conditions();
        for (Condition c : conditions) {
            for (String s : c.sets()) evaluate(student, adapters.get(c.variant()), c, s, sets.get(s));
        }
        progress.stage("report", "tables, claims and figure");
        return DemoReport.write(settings, out, conditions.stream().map(Condition::name).toList(), SETS);
    }

    // ---- world

    private WorldFiles world() {
        Path dir = out.resolve("world");
        progress.stage("world", "mini world: " + settings.world().poolRecords() + " pool records, 7 domains, test sets");
        if (Files.exists(dir.resolve("world.json"))) return written(dir);
        return MiniWorld.build(settings.world()).write(dir);
    }

    /** The files of a world written by an earlier run (the builder's fixed names; tests by file name). */
    private static WorldFiles written(Path dir) {
        List<Path> manifests = new ArrayList<>();
        for (String s : List.of(PoolBuilder.TEXTBOOK, PoolBuilder.CONTEST, PoolBuilder.FORUM)) manifests.add(dir.resolve("pools").resolve(s + ".json"));
        Map<String, Path> tests = new java.util.TreeMap<>();
        try (var files = Files.list(dir.resolve("test"))) {
            files.filter(f -> f.toString().endsWith(".jsonl")).forEach(f -> tests.put(f.getFileName().toString().replace(".jsonl", ""), f));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the test sets", e);
        }
        return new WorldFiles(dir, manifests, tests, dir.resolve("world.json"));
    }

    /** The three test files every condition is evaluated on: in-domain (levels 1-3), hard (4-5), held-out domain. */
    private Map<String, Path> testSets(WorldFiles world) {
        Path dir = out.resolve("eval-data");
        Map<String, Path> files = new LinkedHashMap<>();
        for (String s : SETS) files.put(s, dir.resolve(s + ".jsonl"));
        if (files.values().stream().allMatch(Files::exists)) return files;
        try {
            Files.createDirectories(dir);
            Map<String, StringBuilder> text = new LinkedHashMap<>();
            for (String s : SETS) text.put(s, new StringBuilder());
            for (Map.Entry<String, Path> t : world.tests().entrySet()) {
                boolean hard = t.getKey().endsWith("-hard");
                // the held-out domain is held out at every level: its hard file joins its own set
                String set = MiniDomain.of(t.getKey().replace("-hard", "")).heldOut() ? "held-out" : hard ? "hard" : "in-domain";
                List<String> lines = Files.readAllLines(t.getValue());
                // the held-out domain is one file against six: it gets three files' share
                int share = set.equals("held-out") ? 3 * settings.evalPerSet() : settings.evalPerSet();
                int keep = settings.evalPerSet() == 0 ? lines.size() : Math.min(share, lines.size());
                for (String l : lines.subList(0, keep)) if (!l.isBlank()) text.get(set).append(l).append('\n');
            }
            for (String s : SETS) org.reasonbridge.data.AtomicFiles.writeString(files.get(s), text.get(s).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the evaluation files", e);
        }
        return files;
    }

    // ---- base models

    private Path tokenizer(WorldFiles world) {
        Path dir = out.resolve("models").resolve("tokenizer");
        progress.stage("tokenizer", "byte-level BPE of " + settings.vocab() + " tokens learned from the world's text");
        if (Files.exists(dir.resolve("tokenizer.json"))) return dir;
        MiniTeacher teacher = new MiniTeacher(TeacherStyle.defaults().withSeed(settings.world().seed()));
        SplittableRandom r = new SplittableRandom(settings.world().seed() * 13 + 5);
        ThinkingFormat think = ThinkingFormat.QWEN3; // the markers the student's examples are rendered with
        List<String> texts = new ArrayList<>(List.of("Problem: ", think.start(), "\n" + think.end() + think.answerSeparator(),
                "The answer is \\boxed{0}."));
        for (int i = 0; i < 3000; i++) {
            List<MiniDomain> all = List.of(MiniDomain.values());
            Exercise e = all.get(i % all.size()).generate(r, 1 + i % 5);
            texts.add(BaseModels.posed(e.text()));
            MiniTeacher.Reply reply = teacher.answer(e.text());
            texts.add(reply.thinking().replaceAll("</?(strategic|tactical|operational)>", ""));
            texts.add(reply.response());
        }
        DemoTokenizer.write(texts, settings.vocab(), dir);
        return dir;
    }

    private Path baseModel(BaseModels.Shape shape, Path tokenizer, int which) {
        progress.stage("base-" + shape.name(), String.format("%s: Qwen2 decoder, hidden %d, %d layers, from scratch on %d "
                + "direct answers", shape.name(), shape.hidden(), shape.layers(), settings.baseExamples()));
        Path dir = out.resolve("models");
        Path data = dir.resolve("direct-answers-" + which + ".jsonl");
        if (!Files.exists(data)) {
            BaseModels.writeExamples(BaseModels.directAnswers(settings.world().seed() * 1000 + which, settings.baseExamples()), data);
        }
        TrainingConfig config = TrainingConfig.parse(String.format("{\"method\": \"full\", \"loss\": \"sft\", \"format\": \"plain\", "
                + "\"learningRate\": 0.003, \"warmupRatio\": 0.05, \"epochs\": %d, \"batchSize\": 8, \"gradientAccumulation\": 1, "
                + "\"weightDecay\": 0.0, \"maxSequenceLength\": 1024, \"checkpointEvery\": 100, \"seed\": %d}",
                settings.baseEpochs(), shape.seed()), "demo base model " + shape.name());
        return BaseModels.build(dir, shape, tokenizer, settings.vocab(), data, config, listener("base-" + shape.name()));
    }

    // ---- curation

    private Path curate(WorldFiles world, Path student, Path solver) {
        Path dir = out.resolve("curation");
        Path selected = dir.resolve(SELECTED);
        progress.stage("curate", "pool -> teacher (loopback HTTP) -> quality -> difficulty (both base models) -> domains -> "
                + "selection of " + settings.selection());
        if (Files.exists(selected) && Files.exists(dir.resolve(Ablation.RANDOM.file()))) return selected;
        List<Benchmark> tests = new ArrayList<>();
        for (Map.Entry<String, Path> t : world.tests().entrySet()) tests.add(new JsonlBenchmark().load(t.getKey(), t.getValue()));
        try (TeacherServer server = TeacherServer.start(new MiniTeacher(TeacherStyle.defaults().withSeed(settings.world().seed())));
             Model a = Model.load(student); Model b = Model.load(solver)) {
            LmTeacher teacher = new LmTeacher(new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(server.baseUrl())),
                    server.modelName()), 4096);
            TeacherRun.Options options = new TeacherRun.Options(4, 0, 1, RetryPolicy.defaults(), settings.world().seed(), false);
            DifficultyFilter difficulty = DifficultyFilter.of(solverOf(a), solverOf(b)).withMaxTokens(20)
                    .withBatchSize(settings.batchSize());
            CurationInputs in = CurationInputs.builder().pools(world.manifests().toArray(Path[]::new))
                    .decontaminate(tests.toArray(Benchmark[]::new)).teacher(teacher).teacherOptions(options)
                    .domains(KeywordDomainClassifier.defaults()).difficulty(difficulty).size(settings.selection())
                    .seed(settings.world().seed()).ablations(Ablation.RANDOM).build();
            CurationResult r = CurationPipeline.run(in, dir, CurationStage.POOL,
                    (stage, done, total) -> progress.progress(stage.id(), done, total, ""));
            r.stageCounts().forEach((stage, c) -> progress.stage("curate", String.format("%-11s %6d in %6d kept", stage, c[0], c[1])));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mini teacher's server", e);
        }
        return selected;
    }

    private static LocalLanguageModel solverOf(Model m) {
        return TestTimePolicy.named(TestTimePolicy.NONE).local(m);
    }

    // ---- training

    List<Variant> variants() {
        String base = "{\"format\": \"plain\", \"learningRate\": 0.01, \"epochs\": " + settings.adapterEpochs()
                + ", \"batchSize\": 8, \"gradientAccumulation\": 1, \"maxSequenceLength\": 1024, \"checkpointEvery\": 50, "
                + "\"bottleneck\": 64, \"seed\": " + settings.world().seed();
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("reasonbridge", "curated", base + "}"));
        v.add(new Variant("control", "mismatched", base + "}"));
        if (settings.ablations()) {
            v.add(new Variant("random", "random", base + "}"));
            v.add(new Variant("sft", "curated", base + ", \"loss\": \"sft\"}"));
            for (String level : List.of("strategic", "tactical", "operational")) {
                v.add(new Variant("no-" + level, "curated", base + ", \"dropLevels\": [\"" + level + "\"]}"));
            }
        }
        return v;
    }

    List<Condition> conditions() {
        List<String> steered = List.of("in-domain", "hard"), ablation = List.of("in-domain");
        List<Condition> c = new ArrayList<>();
        c.add(new Condition("base", null, TestTimePolicy.NONE, SETS));
        c.add(new Condition("reasonbridge", "reasonbridge", TestTimePolicy.NONE, SETS));
        c.add(new Condition("reasonbridge+gii", "reasonbridge", TestTimePolicy.GII, steered));
        c.add(new Condition("reasonbridge+budget-forcing", "reasonbridge", TestTimePolicy.BUDGET_FORCING, steered));
        c.add(new Condition("control", "control", TestTimePolicy.NONE, SETS));
        if (settings.ablations()) {
            c.add(new Condition("random", "random", TestTimePolicy.NONE, ablation));
            c.add(new Condition("sft", "sft", TestTimePolicy.NONE, ablation));
            for (String level : List.of("strategic", "tactical", "operational")) {
                c.add(new Condition("no-" + level, "no-" + level, TestTimePolicy.NONE, ablation));
            }
        }
        return c;
    }

    private Path train(Path student, Path curated, Variant v) {
        Path dir = out.resolve("train").resolve(v.name());
        progress.stage("train-" + v.name(), "adapters on the student: " + v.data() + " data, " + v.config());
        Path data = switch (v.data()) {
            case "curated" -> posed(curated, out.resolve("train").resolve("curated.jsonl"), false);
            case "random" -> posed(curated.resolveSibling(Ablation.RANDOM.file()), out.resolve("train").resolve("random.jsonl"), false);
            case "mismatched" -> posed(curated, out.resolve("train").resolve("control.jsonl"), true);
            default -> throw new IllegalStateException(v.data());
        };
        TrainingRun.train(student, data, TrainingConfig.parse(v.config(), "demo variant " + v.name()), dir, listener("train-" + v.name()));
        return dir;
    }

    /**
     * A training copy of {@code from} with each problem as evaluation poses it (the base models learned that
     * prompt). With {@code mismatch}, the negative control's data: each problem gets the next problem's trace and
     * solution (a fixed derangement), so the adapters learn the form and words of a trace but nothing about the
     * problem asked.
     */
    static Path posed(Path from, Path file, boolean mismatch) {
        if (Files.exists(file)) return file;
        List<Example> in = ExampleReader.read(from);
        List<Example> shifted = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            Example other = in.get(mismatch ? (i + 1) % in.size() : i);
            shifted.add(new Example(in.get(i).id(), BaseModels.posed(in.get(i).problem()), other.trace(), other.solution(), Map.of()));
        }
        ExampleWriter.write(file, shifted, e -> e, e -> Map.of());
        return file;
    }

    // ---- evaluation

    private void evaluate(Path student, Path adapters, Condition c, String set, Path file) {
        Path dir = out.resolve("eval").resolve(c.name()).resolve(set);
        if (Files.exists(dir.resolve(EvaluationRun.RESULTS))) return;
        progress.stage("eval", c.name() + " on " + set);
        Benchmark b = new JsonlBenchmark().load(set, file);
        int answerTokens = Math.max(16, settings.maxTokens() / 8);
        TestTimePolicy p = TestTimePolicy.named(c.policy());
        if (!p.isNone()) p = p.withThinkingBudget(settings.maxTokens() - answerTokens);
        try (Model m = adapters == null ? Model.load(student) : Model.load(student, adapters)) {
            LocalLanguageModel.Options local = LocalLanguageModel.Options.defaults().withOpenThinking(true)
                    .withMaxTokens(settings.maxTokens());
            EvalOptions options = EvalOptions.defaults().withMaxTokens(settings.maxTokens()).withConcurrency(1)
                    .withBatchSize(settings.batchSize())
                    .withDataFile(file).withInputs(Map.of("condition", c.name(), "policy", p.describe()));
            EvaluationRun.run(b, p.local(m, local), options, dir,
                    (done, total, correct, failed) -> progress.progress(c.name() + "/" + set, done, total, "correct " + correct));
        }
    }

    private TrainingListener listener(String stage) {
        return new TrainingListener() {
            @Override
            public void onStep(StepMetrics m, int total) {
                progress.progress(stage, m.step(), total, String.format("loss %.3f", m.loss()));
            }

            @Override
            public void onNotice(String message) {
                progress.stage(stage, "note: " + message);
            }
        };
    }
}
