package org.reasonbridge.curation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.curation.filter.DiversitySampler;
import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.curation.filter.QualityFilter;
import org.reasonbridge.curation.pool.Decontaminator;
import org.reasonbridge.curation.pool.Deduplicator;
import org.reasonbridge.curation.pool.PoolReader;
import org.reasonbridge.curation.pool.PoolResult;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.Trace;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.Solver;
import org.reasonbridge.teacher.TeacherClient;
import org.reasonbridge.teacher.TeacherOutcome;
import org.reasonbridge.teacher.TeacherRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The curation method end to end: pool -> teacher traces -> quality -> difficulty -> domains -> selection.
 * Writes into the output folder {@code pool.jsonl}, {@code traces.jsonl} (with the teacher's crash-safe journal
 * {@code teacher-journal.jsonl}), {@code reason1k.jsonl} (problem, trace, solution, domain, provenance),
 * {@code audit.jsonl} (one decision per problem per stage that judged it, in stage order), {@code summary.csv}
 * (counts per stage) and {@code domains.csv} (selected per domain), and the ablation sets
 * {@code ablation-random.jsonl} (N uniformly from every traced problem), {@code ablation-filtered.jsonl} (the whole
 * filtered pool), {@code ablation-no-difficulty.jsonl} (the selection without the difficulty filter) and
 * {@code ablation-no-diversity.jsonl} (N uniformly from the filtered pool). Paid teacher calls are journaled, so
 * a killed run restarted on the same folder repeats none for a finished problem; every later stage is a
 * deterministic function of its inputs, so the outputs equal an uninterrupted run's.
 */
public final class CurationPipeline {
    /** Map entries sorted by key: details often come from {@code Map.of}, whose order changes from JVM to JVM. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /**
     * What to curate with.
     *
     * @param poolManifests   pool manifests ({@code datasets/pools/*.json})
     * @param evaluationSets  benchmarks to decontaminate against (8-gram overlap)
     * @param teacher         who writes the traces
     * @param teacherOptions  concurrency, rate limit, retries of the teacher calls
     * @param solvers         models that must all fail a problem for it to count as hard (default two)
     * @param solverMaxTokens tokens each solver may write per attempt
     * @param domains         the domain classifier (keywords offline, or a model)
     * @param tokens          trace length in tokens, for preferring longer traces within a domain
     * @param size            how many to select, default 1000
     * @param seed            the selection's seed
     */
    public record Inputs(List<Path> poolManifests, List<Benchmark> evaluationSets, TeacherClient teacher,
                         TeacherRun.Options teacherOptions, List<Solver> solvers, int solverMaxTokens, DomainClassifier domains,
                         ToIntFunction<String> tokens, int size, long seed) {
        public Inputs {
            if (poolManifests.isEmpty()) throw new IllegalArgumentException("no pool manifests");
            if (solvers.isEmpty()) throw new IllegalArgumentException("the difficulty filter needs at least one solver");
            if (size <= 0) throw new IllegalArgumentException("size must be > 0");
            poolManifests = List.copyOf(poolManifests);
            evaluationSets = List.copyOf(evaluationSets);
            solvers = List.copyOf(solvers);
        }
    }

    /** A problem that made it through every filter, with its trace and domain. */
    public record Candidate(Problem problem, Trace trace, DomainClassifier.Classification domain) {
    }

    /** What a run produced. */
    public record Result(List<Candidate> selected, List<Decision> audit, Map<String, int[]> stageCounts) {
    }

    private CurationPipeline() {
    }

    public static Result run(Inputs in, Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create the output folder", e);
        }
        List<Decision> audit = new ArrayList<>();
        Map<String, int[]> counts = new LinkedHashMap<>(); // stage -> {in, kept}

        // ---- pool: read, de-duplicate, decontaminate
        List<Problem> read = new ArrayList<>();
        for (Path manifest : in.poolManifests()) {
            PoolResult r = PoolReader.read(manifest);
            read.addAll(r.kept());
            audit.addAll(r.decisions());
        }
        PoolResult pool = Deduplicator.dedup(read).then(kept -> Decontaminator.of(in.evaluationSets()).decontaminate(kept));
        audit.addAll(pool.decisions());
        List<Problem> problems = pool.kept();
        counts.put("pool", new int[]{read.size(), problems.size()});
        writeLines(out.resolve("pool.jsonl"), problems.stream().map(CurationPipeline::problemJson).toList());

        // ---- teacher traces (journaled)
        List<TeacherOutcome> outcomes = new TeacherRun(in.teacher(), out.resolve("teacher-journal.jsonl"),
                in.teacherOptions()).run(problems);
        TeacherOutcome.write(out.resolve("traces.jsonl"), outcomes);
        List<Problem> traced = new ArrayList<>();
        List<Trace> traces = new ArrayList<>();
        List<Candidate> tracedCandidates = new ArrayList<>(); // each traced problem classified once
        for (int i = 0; i < problems.size(); i++) {
            TeacherOutcome o = outcomes.get(i);
            if (o.done()) {
                traced.add(problems.get(i));
                traces.add(o.trace());
                tracedCandidates.add(new Candidate(problems.get(i), o.trace(), in.domains().classify(problems.get(i))));
            } else {
                audit.add(Decision.drop(o.problemId(), "teacher", "teacher-failed", Map.of("reason", o.reason())));
            }
        }
        counts.put("teacher", new int[]{problems.size(), traced.size()});

        // ---- quality
        List<Decision> quality = QualityFilter.defaults().apply(traced, traces);
        audit.addAll(quality);
        List<Candidate> cleanCandidates = new ArrayList<>();
        for (int i = 0; i < traced.size(); i++) {
            if (quality.get(i).kept()) cleanCandidates.add(tracedCandidates.get(i));
        }
        List<Problem> clean = cleanCandidates.stream().map(Candidate::problem).toList();
        counts.put("quality", new int[]{traced.size(), clean.size()});

        // ---- difficulty (every solver must fail)
        List<Decision> difficulty = DifficultyFilter.of(in.solvers()).withMaxTokens(in.solverMaxTokens()).apply(clean);
        audit.addAll(difficulty);
        List<Candidate> hard = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            Candidate c = cleanCandidates.get(i);
            if (difficulty.get(i).kept()) {
                hard.add(c);
                DomainClassifier.Classification d = c.domain();
                audit.add(Decision.keep(c.problem().id(), "domain", Map.of("domain", d.code(), "method", d.method(),
                        "matched", d.matched())));
            }
        }
        counts.put("difficulty", new int[]{clean.size(), hard.size()});

        // ---- selection: uniform over domains, longer traces first within one
        DiversitySampler<Candidate> sampler = DiversitySampler.of(c -> c.domain().code(),
                c -> in.tokens().applyAsInt(c.trace().thinking()));
        List<Candidate> selected = sampler.select(hard, in.size(), in.seed());
        java.util.Set<String> chosen = new java.util.HashSet<>();
        selected.forEach(c -> chosen.add(c.problem().id()));
        for (Candidate c : hard) {
            audit.add(chosen.contains(c.problem().id()) ? Decision.keep(c.problem().id(), "selection", Map.of())
                    : Decision.drop(c.problem().id(), "selection", "not-selected", Map.of("domain", c.domain().code())));
        }
        counts.put("selection", new int[]{hard.size(), selected.size()});

        writeLines(out.resolve("reason1k.jsonl"), selected.stream().map(CurationPipeline::exampleJson).toList());
        writeLines(out.resolve("audit.jsonl"), audit.stream().map(CurationPipeline::decisionJson).toList());
        writeSummary(out, counts, selected);
        // ---- ablations
        writeLines(out.resolve("ablation-random.jsonl"), DiversitySampler.randomN(tracedCandidates, in.size(), in.seed())
                .stream().map(CurationPipeline::exampleJson).toList());
        writeLines(out.resolve("ablation-filtered.jsonl"), hard.stream().map(CurationPipeline::exampleJson).toList());
        writeLines(out.resolve("ablation-no-difficulty.jsonl"), sampler.select(cleanCandidates, in.size(), in.seed())
                .stream().map(CurationPipeline::exampleJson).toList());
        writeLines(out.resolve("ablation-no-diversity.jsonl"), DiversitySampler.randomN(hard, in.size(), in.seed())
                .stream().map(CurationPipeline::exampleJson).toList());
        return new Result(selected, audit, counts);
    }

    private static String problemJson(Problem p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.id());
        o.put("problem", p.question());
        o.put("answer", p.answer());
        o.set("provenance", JSON.valueToTree(p.metadata()));
        return o.toString();
    }

    /** The training format ({@code ExampleReader} reads it back): problem, trace, solution, plus domain and provenance. */
    private static String exampleJson(Candidate c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.problem().id());
        o.put("problem", c.problem().question());
        o.put("trace", c.trace().thinking());
        o.put("solution", c.trace().response());
        o.put("answer", c.problem().answer());
        o.put("domain", c.domain().code());
        o.put("teacher", c.trace().teacher());
        o.set("provenance", JSON.valueToTree(c.problem().metadata()));
        return o.toString();
    }

    private static String decisionJson(Decision d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.problemId());
        o.put("stage", d.stage());
        o.put("kept", d.kept());
        o.put("reason", d.reason());
        o.set("details", JSON.valueToTree(d.details()));
        return o.toString();
    }

    private static void writeSummary(Path out, Map<String, int[]> counts, List<Candidate> selected) {
        List<String> stages = new ArrayList<>(List.of("stage,in,kept,dropped"));
        counts.forEach((stage, c) -> stages.add(stage + "," + c[0] + "," + c[1] + "," + (c[0] - c[1])));
        writeLines(out.resolve("summary.csv"), stages);
        Map<String, Integer> perDomain = new java.util.TreeMap<>();
        selected.forEach(c -> perDomain.merge(c.domain().code(), 1, Integer::sum));
        List<String> domains = new ArrayList<>(List.of("domain,selected"));
        perDomain.forEach((d, n) -> domains.add(d + "," + n));
        writeLines(out.resolve("domains.csv"), domains);
    }

    /** Writes the lines to a temporary file beside {@code file}, then moves it into place. */
    static void writeLines(Path file, List<String> lines) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write", e);
        }
    }
}
