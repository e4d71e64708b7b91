package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an {@link EvaluationRun} found: pass@1 over the problems (a failed sample counts as wrong), a breakdown by
 * subject / level / task when the problems carry them, and every sample, as Tablesaw tables for a notebook.
 */
public final class EvaluationResult {
    /** Metadata keys a breakdown is given for, when the problems have them. */
    static final List<String> BREAKDOWN_KEYS = List.of("subject", "level", "task", "category");

    /** Counts of one group of samples. */
    public record Metrics(int n, int correct, int failed) {
        public double accuracy() {
            return n == 0 ? 0 : (double) correct / n;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", n);
            m.put("correct", correct);
            m.put("accuracy", accuracy());
            m.put("failed", failed);
            return m;
        }
    }

    private final String benchmark;
    private final List<Sample> samples;
    private final Metrics metrics;
    private final Map<String, Map<String, Metrics>> breakdown = new LinkedHashMap<>();
    private final Map<String, Object> config;
    private final Map<String, Object> environment;

    EvaluationResult(String benchmark, List<Problem> problems, List<Sample> samples, Map<String, Object> config,
                     Map<String, Object> environment) {
        this.benchmark = benchmark;
        this.samples = List.copyOf(samples);
        this.metrics = count(samples);
        this.config = config;
        this.environment = environment;
        for (String key : BREAKDOWN_KEYS) {
            Map<String, List<Sample>> groups = new TreeMap<>();
            for (int i = 0; i < problems.size(); i++) {
                String v = problems.get(i).metadata().get(key);
                if (v != null) groups.computeIfAbsent(v, k -> new java.util.ArrayList<>()).add(samples.get(i));
            }
            if (groups.isEmpty()) continue;
            Map<String, Metrics> m = new LinkedHashMap<>();
            groups.forEach((v, s) -> m.put(v, count(s)));
            breakdown.put(key, m);
        }
    }

    private static Metrics count(List<Sample> s) {
        return new Metrics(s.size(), (int) s.stream().filter(Sample::verdict).count(), (int) s.stream().filter(Sample::failed).count());
    }

    public Metrics metrics() {
        return metrics;
    }

    /** pass@1: correct / n. */
    public double accuracy() {
        return metrics.accuracy();
    }

    public List<Sample> sampleList() {
        return samples;
    }

    /** Groups by metadata key (subject, level, ...), each group's metrics; empty when the problems have none. */
    public Map<String, Map<String, Metrics>> breakdown() {
        return breakdown;
    }

    /** One row per sample, in benchmark order. */
    public Table samples() {
        StringColumn id = StringColumn.create("id"), extracted = StringColumn.create("extracted"),
                gold = StringColumn.create("gold"), error = StringColumn.create("error"),
                completion = StringColumn.create("completion");
        BooleanColumn verdict = BooleanColumn.create("verdict");
        IntColumn promptTokens = IntColumn.create("prompt_tokens"), completionTokens = IntColumn.create("completion_tokens"),
                attempts = IntColumn.create("attempts");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        for (Sample s : samples) {
            id.append(s.id());
            completion.append(s.completion());
            extracted.append(s.extracted() == null ? "" : s.extracted());
            gold.append(s.gold());
            verdict.append(s.verdict());
            if (s.promptTokens() == null) promptTokens.appendMissing(); else promptTokens.append(s.promptTokens());
            if (s.completionTokens() == null) completionTokens.appendMissing(); else completionTokens.append(s.completionTokens());
            seconds.append(s.seconds());
            attempts.append(s.attempts());
            error.append(s.error() == null ? "" : s.error());
        }
        return Table.create(benchmark + " samples", id, completion, extracted, gold, verdict, promptTokens,
                completionTokens, seconds, attempts, error);
    }

    /** The overall row ({@code group} "all") then one row per breakdown group: n, correct, accuracy, failed. */
    public Table summary() {
        StringColumn key = StringColumn.create("key"), group = StringColumn.create("group");
        IntColumn n = IntColumn.create("n"), correct = IntColumn.create("correct"), failed = IntColumn.create("failed");
        DoubleColumn accuracy = DoubleColumn.create("accuracy");
        Map<String, Map<String, Metrics>> rows = new LinkedHashMap<>();
        rows.put("benchmark", Map.of(benchmark, metrics));
        rows.putAll(breakdown);
        rows.forEach((k, groups) -> groups.forEach((g, m) -> {
            key.append(k);
            group.append(g);
            n.append(m.n());
            correct.append(m.correct());
            accuracy.append(m.accuracy());
            failed.append(m.failed());
        }));
        return Table.create(benchmark + " summary", key, group, n, correct, accuracy, failed);
    }

    /** The results JSON: config, environment, metrics, breakdown. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", config);
        out.put("environment", environment);
        out.put("metrics", metrics.toJson());
        Map<String, Object> b = new LinkedHashMap<>();
        breakdown.forEach((k, groups) -> {
            Map<String, Object> g = new LinkedHashMap<>();
            groups.forEach((v, m) -> g.put(v, m.toJson()));
            b.put(k, g);
        });
        out.put("breakdown", b);
        return out;
    }
}
