package org.reasonbridge.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.eval.EvaluationRun;
import org.reasonbridge.eval.Sample;
import org.reasonbridge.eval.SampleLog;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One evaluation output folder as {@link EvaluationRun} writes it ({@code results.json} + {@code samples.jsonl}),
 * read back for analysis. The samples log is the truth (pass@1 is recomputed from it, a failed sample counts as
 * wrong); {@code results.json} supplies the benchmark's name and problem count, so a run that stopped before its
 * last problem is refused instead of being scored on the problems it happened to reach.
 *
 * @param dir       the folder
 * @param benchmark the benchmark's name ({@code config.benchmark}), or the folder's name without a results file
 * @param samples   every sample by problem id, in benchmark order
 */
public record RunFolder(Path dir, String benchmark, Map<String, Sample> samples) {
    public RunFolder {
        if (samples.isEmpty()) throw new IllegalArgumentException(dir + ": the run has no samples");
        samples = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(samples));
    }

    /**
     * Reads {@code dir}.
     *
     * @throws IllegalArgumentException naming the folder when it has no samples log, when {@code results.json} is
     *                                  malformed, or when the log holds fewer samples than the results say were run
     */
    public static RunFolder load(Path dir) {
        Path log = dir.resolve(EvaluationRun.SAMPLES), results = dir.resolve(EvaluationRun.RESULTS);
        if (!Files.isRegularFile(log)) {
            throw new IllegalArgumentException(dir + ": not an evaluation output folder (no " + EvaluationRun.SAMPLES + ")");
        }
        Map<String, Sample> samples = SampleLog.read(log);
        String benchmark = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        if (Files.isRegularFile(results)) {
            JsonNode config = readJson(results).path("config");
            if (config.hasNonNull("benchmark")) benchmark = config.get("benchmark").asText();
            int expected = config.path("problems").asInt(-1);
            if (expected >= 0 && samples.size() < expected) {
                throw new IllegalArgumentException(dir + ": incomplete run, " + samples.size() + " samples in "
                        + EvaluationRun.SAMPLES + " but " + expected + " problems in " + EvaluationRun.RESULTS
                        + "; finish it (run the evaluation again into the same folder) before analysing");
            }
        }
        return new RunFolder(dir, benchmark, samples);
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) throw new DataFileException(file, 1, "not a JSON object");
            return n;
        } catch (IOException e) {
            throw new DataFileException(file, 0, "malformed JSON: " + e.getMessage());
        }
    }

    /** A run made in memory (tests, notebooks): the samples in order, keyed by id. */
    public static RunFolder of(String benchmark, List<Sample> samples) {
        Map<String, Sample> m = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (m.put(s.id(), s) != null) throw new IllegalArgumentException(benchmark + ": duplicate sample id '" + s.id() + "'");
        }
        return new RunFolder(Path.of(benchmark), benchmark, m);
    }

    public int n() {
        return samples.size();
    }

    public int correct() {
        return (int) samples.values().stream().filter(Sample::verdict).count();
    }

    /** pass@1: correct / n (failed samples count as wrong). */
    public double accuracy() {
        return (double) correct() / n();
    }

    public Set<String> problemIds() {
        return samples.keySet();
    }

    /** Each problem's verdict, in this run's order. */
    public boolean[] verdicts() {
        return verdicts(new ArrayList<>(samples.keySet()));
    }

    /** The verdicts of {@code ids}, in that order; every id must be in this run. */
    public boolean[] verdicts(List<String> ids) {
        boolean[] out = new boolean[ids.size()];
        for (int i = 0; i < out.length; i++) {
            Sample s = samples.get(ids.get(i));
            if (s == null) throw new IllegalArgumentException(dir + ": no sample for problem '" + ids.get(i) + "'");
            out[i] = s.verdict();
        }
        return out;
    }

    /** Mean thinking tokens from the policy's record ({@code steering.thinking_tokens}); NaN when no sample has one. */
    public double meanThinkingTokens() {
        return meanOf(s -> s.steering() != null && s.steering().get("thinking_tokens") instanceof Number t ? t.doubleValue() : null);
    }

    /** Mean interventions per problem ({@code steering.interventions}); 0 for a run without a policy. */
    public double meanInterventions() {
        double m = meanOf(s -> s.steering() != null && s.steering().get("interventions") instanceof List<?> l ? (double) l.size() : null);
        return Double.isNaN(m) ? 0 : m;
    }

    /** Mean completion tokens where known; NaN when no sample has a count. */
    public double meanCompletionTokens() {
        return meanOf(s -> s.completionTokens() == null ? null : s.completionTokens().doubleValue());
    }

    private double meanOf(java.util.function.Function<Sample, Double> value) {
        double sum = 0;
        int k = 0;
        for (Sample s : samples.values()) {
            Double v = value.apply(s);
            if (v != null) {
                sum += v;
                k++;
            }
        }
        return k == 0 ? Double.NaN : sum / k;
    }

    /**
     * The problem ids both runs hold, in {@code a}'s order.
     *
     * @throws IllegalArgumentException naming both folders and a few differing ids when the problem sets differ
     */
    public static List<String> sameProblems(RunFolder a, RunFolder b) {
        if (a.problemIds().equals(b.problemIds())) return new ArrayList<>(a.problemIds());
        List<String> onlyA = a.problemIds().stream().filter(id -> !b.samples.containsKey(id)).limit(3).toList();
        List<String> onlyB = b.problemIds().stream().filter(id -> !a.samples.containsKey(id)).limit(3).toList();
        throw new IllegalArgumentException("cannot pair " + a.dir + " (" + a.n() + " problems) with " + b.dir + " ("
                + b.n() + " problems): the problem sets differ" + (onlyA.isEmpty() ? "" : "; only in the first: " + onlyA)
                + (onlyB.isEmpty() ? "" : "; only in the second: " + onlyB));
    }
}
