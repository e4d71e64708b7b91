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
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.JsonlBenchmark;
import org.reasonbridge.experiment.Progress;
import org.reasonbridge.experiment.Stages;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.LocalLanguageModel;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.teacher.LmTeacher;
import org.reasonbridge.teacher.TeacherRun;
import org.reasonbridge.training.TrainingConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The mini world's own stages, shared by {@link Demo} and the ablation study on the mini world: the world and its
 * test sets, the demo tokenizer, the two base models trained from scratch, and curation through the loopback
 * teacher with both base models as solvers. Each writes under {@code root} (the layout {@link Demo} documents) and
 * is skipped when its outputs are there.
 */
public final class MiniWorldStages {
    /** The three test sets every condition may be evaluated on: in-domain (levels 1-3), hard (4-5), held-out domain. */
    public static final List<String> SETS = List.of("in-domain", "hard", "held-out");
    /** The curated set curation writes (the paper's Reason1K). */
    public static final String SELECTED = "reason1k.jsonl";

    private final DemoSettings settings;
    private final Path root;
    private final Progress progress;

    public MiniWorldStages(DemoSettings settings, Path root, Progress progress) {
        this.settings = settings;
        this.root = root.toAbsolutePath().normalize();
        this.progress = progress;
    }

    public DemoSettings settings() {
        return settings;
    }

    // ---- world

    public WorldFiles world() {
        Path dir = root.resolve("world");
        progress.stage("world", "mini world: " + settings.world().poolRecords() + " pool records, " + MiniDomain.values().length + " domains, test sets");
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

    /** The files of {@link #SETS}, written once from the world's test files into {@code root/eval-data}. */
    public Map<String, Path> testSets(WorldFiles world) {
        Path dir = root.resolve("eval-data");
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
                // the held-out domain is one file against all the trained ones: it gets three files' share
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

    public Path tokenizer(WorldFiles world) {
        Path dir = root.resolve("models").resolve("tokenizer");
        progress.stage("tokenizer", "byte-level BPE of " + settings.vocab() + " tokens learned from the world's text");
        if (Files.exists(dir.resolve("tokenizer.json"))) return dir;
        MiniTeacher teacher = new MiniTeacher(TeacherStyle.defaults().withSeed(settings.world().seed()));
        SplittableRandom r = new SplittableRandom(settings.world().seed() * 13 + 5);
        ThinkingFormat think = ThinkingFormat.QWEN3; // the markers the student's examples are rendered with
        List<String> texts = new ArrayList<>(List.of("Problem: ", think.start(), "\n" + think.end() + think.answerSeparator(),
                MiniTeacher.answerLine("0")));
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

    /** The student (first solver). */
    public Path student(Path tokenizer) {
        return baseModel(settings.student(), tokenizer, 1);
    }

    /** The second solver of the difficulty filter. */
    public Path solver(Path tokenizer) {
        return baseModel(settings.solver(), tokenizer, 2);
    }

    private Path baseModel(BaseModels.Shape shape, Path tokenizer, int which) {
        progress.stage("base-" + shape.name(), String.format("%s: Qwen2 decoder, hidden %d, %d layers, from scratch on %d "
                + "shallow answers and %d digit-program examples", shape.name(), shape.hidden(), shape.layers(), settings.baseExamples(),
                programExamples(which)));
        Path dir = root.resolve("models");
        Path data = dir.resolve("direct-answers-" + which + ".jsonl");
        if (!Files.exists(data)) {
            Set<String> tests = testQuestions();
            List<Example> examples = new ArrayList<>(BaseModels.directAnswers(settings.world().seed() * 1000 + which,
                    settings.baseExamples(), tests));
            examples.addAll(BaseModels.programs(settings.world().seed() * 1000 + 10 + which, programExamples(which), tests));
            BaseModels.writeExamples(examples, data);
        }
        TrainingConfig config = TrainingConfig.parse(String.format("{\"method\": \"full\", \"loss\": \"sft\", \"format\": \"plain\", "
                + "\"learningRate\": 0.003, \"warmupRatio\": 0.05, \"epochs\": %d, \"batchSize\": 8, \"gradientAccumulation\": 1, "
                + "\"weightDecay\": 0.0, \"maxSequenceLength\": 1024, \"checkpointEvery\": 100, \"groupByLength\": true, \"seed\": %d}",
                settings.baseEpochs(), shape.seed()), "demo base model " + shape.name());
        return BaseModels.build(dir, shape, tokenizer, settings.vocab(), data, config, Stages.listener("base-" + shape.name(), progress));
    }

    /** The student's program examples; the second solver only has to fail where a direct answer fails: a quarter. */
    private int programExamples(int which) {
        return which == 1 ? settings.programExamples() : settings.programExamples() / 4;
    }

    /** The questions of the world's test files, if the world is written (the demo writes it first). */
    private Set<String> testQuestions() {
        Path dir = root.resolve("world").resolve("test");
        Set<String> out = new HashSet<>();
        if (!Files.isDirectory(dir)) return out;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (Problem p : new JsonlBenchmark().load(f.getFileName().toString(), f).problems()) out.add(p.question());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read the test sets", e);
        }
        return out;
    }

    // ---- curation

    /**
     * Curation into {@code dir}: pool, teacher over loopback HTTP, quality, difficulty with both base models,
     * domains, selection of {@link DemoSettings#selection()}, and the comparison sets {@code ablations}. Skipped when
     * the selection and every one of those sets are there; otherwise the journals in {@code dir} (teacher replies,
     * solver verdicts) spare every call already made. Returns the selection's file.
     */
    public Path curate(WorldFiles world, Path student, Path solver, Path dir, Set<Ablation> ablations) {
        Path selected = dir.resolve(SELECTED);
        progress.stage("curate", "pool -> teacher (loopback HTTP) -> quality -> difficulty (both base models) -> domains -> "
                + "selection of " + settings.selection());
        if (Files.exists(selected) && ablations.stream().allMatch(a -> Files.exists(dir.resolve(a.file())))) return selected;
        List<Benchmark> tests = new ArrayList<>();
        for (Map.Entry<String, Path> t : world.tests().entrySet()) tests.add(new JsonlBenchmark().load(t.getKey(), t.getValue()));
        try (TeacherServer server = TeacherServer.start(new MiniTeacher(TeacherStyle.defaults().withSeed(settings.world().seed())));
             Model a = Model.load(student); Model b = Model.load(solver)) {
            LmTeacher teacher = new LmTeacher(new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(server.baseUrl())),
                    server.modelName()), 4096);
            TeacherRun.Options options = new TeacherRun.Options(4, 0, 1, RetryPolicy.defaults(), settings.world().seed(), false);
            DifficultyFilter difficulty = DifficultyFilter.of(solverOf(a), solverOf(b)).withMaxTokens(32)
                    .withBatchSize(settings.batchSize());
            CurationInputs in = CurationInputs.builder().pools(world.manifests().toArray(Path[]::new))
                    .decontaminate(tests.toArray(Benchmark[]::new)).teacher(teacher).teacherOptions(options)
                    .domains(KeywordDomainClassifier.defaults()).difficulty(difficulty).size(settings.selection())
                    .seed(settings.world().seed()).ablations(ablations.toArray(Ablation[]::new)).build();
            CurationResult r = CurationPipeline.run(in, dir, CurationStage.POOL,
                    (stage, done, total) -> progress.progress(stage.id(), done, total, ""));
            r.notes().forEach(n -> progress.stage("curate", "note: " + n));
            r.stageCounts().forEach((stage, c) -> progress.stage("curate", String.format("%-11s %6d in %6d kept", stage, c[0], c[1])));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mini teacher's server", e);
        }
        return selected;
    }

    /** {@link #curate(WorldFiles, Path, Path, Path, Set)} with the random comparison set, as the demo trains it. */
    public Path curate(WorldFiles world, Path student, Path solver) {
        return curate(world, student, solver, root.resolve("curation"), EnumSet.of(Ablation.RANDOM));
    }

    private static LocalLanguageModel solverOf(Model m) {
        return TestTimePolicy.named(TestTimePolicy.NONE).local(m);
    }

    /**
     * A training copy of {@code from} with each problem as evaluation poses it (the base models learned that
     * prompt). With {@code mismatch}, the negative control's data: each problem gets the next problem's trace and
     * solution (a fixed derangement), so the adapters learn the form and words of a trace but nothing about the
     * problem asked.
     */
    public static Path posed(Path from, Path file, boolean mismatch) {
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
}
