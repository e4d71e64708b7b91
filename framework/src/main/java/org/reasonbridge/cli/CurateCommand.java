package org.reasonbridge.cli;

import org.reasonbridge.curation.Ablation;
import org.reasonbridge.curation.CurationClients;
import org.reasonbridge.curation.CurationFiles;
import org.reasonbridge.curation.CurationInputs;
import org.reasonbridge.curation.CurationPipeline;
import org.reasonbridge.curation.CurationResult;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.curation.TeacherInstructions;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.curation.filter.KeywordDomainClassifier;
import org.reasonbridge.curation.filter.TeacherDomainClassifier;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.grading.HumanEvalGrader;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.eval.benchmarks.Benchmarks;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.tokenizer.Tokenizer;
import org.reasonbridge.teacher.TeacherClient;
import org.reasonbridge.teacher.TeacherRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Curates a small, hard, diverse set of reasoning traces from problem pools (the method's Reason1K). */
@Command(name = "curate", mixinStandardHelpOptions = true,
        description = {"Pool -> teacher traces -> quality -> difficulty -> domains -> selection.",
                "Writes OUT/reason1k.jsonl, audit.jsonl, summary.csv, domains.csv, the",
                "stage files and the ablations. The same command after a kill resumes",
                "without repeating a finished teacher call or solver verdict.",
                "--from STAGE reruns that stage and the later ones from the files in OUT:",
                "--from quality needs no teacher, --from selection (another --size or",
                "--seed) neither teacher nor solvers."})
final class CurateCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "STAGE", defaultValue = "pool",
            description = "Start at pool, teacher, quality, difficulty or selection; earlier stages are read from OUT. Default: ${DEFAULT-VALUE}.")
    String from;
    @Option(names = "--pool", paramLabel = "MANIFEST", description = "Pool manifest (repeatable); see datasets/pools/README.md. Needed from the pool stage.")
    List<Path> pools = new ArrayList<>();
    @Option(names = "--decontaminate", paramLabel = "NAME=FILE", description = "An evaluation set to decontaminate against (repeatable), e.g. math500=MATH500.jsonl.")
    List<String> decontaminate = new ArrayList<>();
    @Option(names = "--teacher", paramLabel = "KIND",
            description = "openai (any OpenAI-compatible server), anthropic, gemini or local. Needed from the teacher stage.")
    String teacher;
    @Option(names = "--teacher-url", paramLabel = "URL|DIR", description = "The API root (openai: with /v1), or a model folder for local.")
    String teacherUrl;
    @Option(names = "--teacher-model", paramLabel = "NAME", defaultValue = "teacher", description = "Model name at the provider.")
    String teacherModel;
    @Option(names = "--teacher-key-env", paramLabel = "VAR", description = "Environment variable holding the API key (never logged).")
    String teacherKeyEnv;
    @Option(names = "--teacher-max-tokens", paramLabel = "N", defaultValue = "16384",
            description = "Completion tokens per problem, thinking included (openai, local). Default: ${DEFAULT-VALUE}.")
    int teacherMaxTokens;
    @Option(names = "--teacher-concurrency", paramLabel = "N", defaultValue = "8", description = "Requests in flight. Default: ${DEFAULT-VALUE}.")
    int teacherConcurrency;
    @Option(names = "--teacher-rpm", paramLabel = "N|auto", defaultValue = "auto",
            description = "Requests per minute, 0 = unlimited. Default: ${DEFAULT-VALUE} (60 against a remote endpoint, "
                    + "unlimited against a loopback one or a local model).")
    String teacherRpm;
    @Option(names = "--teacher-prompt", paramLabel = "FILE",
            description = "Instructions sent after each problem, replacing the default (label the reasoning with "
                    + "<strategic>/<tactical>/<operational> tags and end with the answer in \\boxed{}). Recorded in the teacher "
                    + "journal; a changed prompt asks the teacher again.")
    Path teacherPrompt;
    @Option(names = "--allow-code-execution",
            description = "Check programming problems without a reference answer by running the tests their pool supplies on "
                    + "the teacher's and the solvers' code (python3, time and memory limits, no sandbox). Without it they are "
                    + "dropped before the teacher is asked.")
    boolean allowCodeExecution;
    @Option(names = "--retry-failed", description = "Ask the teacher again for problems an earlier run journaled as failed (paid calls).")
    boolean retryFailed;
    @Option(names = "--solver", paramLabel = "DIR|URL@MODEL",
            description = "A solver for the difficulty filter (repeatable; the method uses two): a model folder or an "
                    + "OpenAI-compatible endpoint. Needed from the difficulty stage.")
    List<String> solvers = new ArrayList<>();
    @Option(names = "--solver-key-env", paramLabel = "VAR", description = "Environment variable holding the endpoint solvers' API key (never logged).")
    String solverKeyEnv;
    @Option(names = "--solver-max-tokens", paramLabel = "N", defaultValue = "4096", description = "Default: ${DEFAULT-VALUE}.")
    int solverMaxTokens;
    @Option(names = "--solver-concurrency", paramLabel = "N", defaultValue = "8",
            description = "Problems judged at once when every solver is an endpoint (a local model answers one at a time). Default: ${DEFAULT-VALUE}.")
    int solverConcurrency;
    @Option(names = "--domains", paramLabel = "HOW", defaultValue = "keywords",
            description = "keywords (visible rules, offline) or teacher (s1's model classification through the teacher, "
                    + "journaled in OUT/domain-journal.jsonl, falling back to the keywords). Default: ${DEFAULT-VALUE}.")
    String domains;
    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "Count trace lengths (the sampler prefers longer traces) in this model folder's tokens, e.g. the "
                    + "student's; default: whitespace-separated words.")
    Path tokenizer;
    @Option(names = "--size", paramLabel = "N", defaultValue = "1000", description = "Default: ${DEFAULT-VALUE}.")
    int size;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "0")
    long seed;
    @Option(names = "--ablations", paramLabel = "LIST", split = ",", defaultValue = "random,filtered,no-quality,no-difficulty,no-diversity,full",
            description = "Comparison sets to write, or none. no-quality asks the solvers about the problems quality dropped. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> ablations;
    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() {
        CurationStage start = CurationStage.of(from);
        if (!domains.equals("keywords") && !domains.equals("teacher")) {
            throw new IllegalArgumentException("--domains must be keywords or teacher, got " + domains);
        }
        boolean needTeacher = CurationStage.TEACHER.runsFrom(start) || domains.equals("teacher");
        if (needTeacher && (teacher == null || teacherUrl == null)) {
            throw new IllegalArgumentException("--teacher and --teacher-url are needed when the teacher stage runs (--from "
                    + from + ") or classifies domains (--domains teacher)");
        }
        if (CurationStage.POOL.runsFrom(start) && pools.isEmpty()) throw new IllegalArgumentException("--pool is needed when the pool stage runs");
        if (CurationStage.DIFFICULTY.runsFrom(start) && solvers.isEmpty()) {
            throw new IllegalArgumentException("--solver is needed when the difficulty stage runs (--from " + from + ")");
        }
        List<String> unused = new ArrayList<>();
        if (!CurationStage.POOL.runsFrom(start) && !pools.isEmpty()) unused.add("--pool");
        if (!CurationStage.POOL.runsFrom(start) && !decontaminate.isEmpty()) unused.add("--decontaminate");
        if (!needTeacher && teacher != null) unused.add("--teacher");
        if (!CurationStage.DIFFICULTY.runsFrom(start) && !solvers.isEmpty()) unused.add("--solver");
        if (!unused.isEmpty()) {
            System.err.println("note: " + String.join(", ", unused) + " not used: --from " + from + " reads the stages before it from " + out);
        }
        Set<Ablation> wanted = EnumSet.noneOf(Ablation.class);
        if (!ablations.equals(List.of("none"))) ablations.forEach(a -> wanted.add(Ablation.of(a.strip())));
        List<Benchmark> evaluation = new ArrayList<>();
        for (String spec : CurationStage.POOL.runsFrom(start) ? decontaminate : List.<String>of()) {
            int eq = spec.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--decontaminate wants NAME=FILE, got " + spec);
            evaluation.add(Benchmarks.load(spec.substring(0, eq), Path.of(spec.substring(eq + 1))));
        }
        List<Model> loaded = new ArrayList<>();
        Tokenizer counter = tokenizer == null ? null : Tokenizer.load(tokenizer);
        try {
            List<LanguageModel> solverList = new ArrayList<>();
            if (CurationStage.DIFFICULTY.runsFrom(start)) for (String s : solvers) solverList.add(solver(s, solverKeyEnv, loaded));
            TeacherClient client = needTeacher ? teacher(loaded) : null;
            TeacherRun.Options options = new TeacherRun.Options(teacherConcurrency, rpm(teacherRpm), 1,
                    RetryPolicy.defaults(), seed, retryFailed);
            DomainClassifier classifier = domains.equals("teacher")
                    ? new TeacherDomainClassifier(client, out.resolve(CurationFiles.DOMAIN_JOURNAL), options) : KeywordDomainClassifier.defaults();
            CurationInputs.Builder in = CurationInputs.builder().pools(pools.toArray(Path[]::new))
                    .decontaminate(evaluation.toArray(Benchmark[]::new)).teacher(client).teacherOptions(options)
                    .domains(classifier).size(size).seed(seed).ablations(wanted.toArray(Ablation[]::new));
            if (teacherPrompt != null) in.teacherPrompt(TeacherInstructions.read(teacherPrompt));
            if (allowCodeExecution) in.runTests(new HumanEvalGrader(true));
            if (counter != null) in.tokens(text -> counter.encode(text).length);
            if (!solverList.isEmpty()) {
                in.difficulty(DifficultyFilter.of(solverList).withMaxTokens(solverMaxTokens).withConcurrency(solverConcurrency));
            }
            ProgressLines progress = new ProgressLines();
            CurationResult r = CurationPipeline.run(in.build(), out, start, (stage, done, total) -> progress.report(stage.id(), done, total, ""));
            r.notes().forEach(System.err::println);
            r.stageCounts().forEach((stage, c) -> System.err.printf("%-11s %6d in %6d kept%n", stage, c[0], c[1]));
            System.err.println("selected " + r.selected().size() + " -> " + out.resolve("reason1k.jsonl"));
        } finally {
            loaded.forEach(Model::close);
            if (counter != null) counter.close();
        }
        return 0;
    }

    private static double rpm(String value) {
        if (value.equals("auto")) return TeacherRun.AUTO_RPM;
        try {
            double v = Double.parseDouble(value);
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--teacher-rpm must be a number >= 0 or auto, got " + value);
    }

    private TeacherClient teacher(List<Model> loaded) {
        try {
            return CurationClients.teacher(teacher, teacherUrl, teacherModel, teacherKeyEnv, teacherMaxTokens, loaded);
        } catch (IllegalArgumentException e) {
            if (!CurationClients.PROVIDERS.contains(teacher)) {
                throw new IllegalArgumentException("--teacher must be openai, anthropic, gemini or local, got " + teacher);
            }
            throw e;
        }
    }

    private static LanguageModel solver(String spec, String keyEnv, List<Model> loaded) {
        try {
            return CurationClients.solver(spec, keyEnv, loaded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }
}
