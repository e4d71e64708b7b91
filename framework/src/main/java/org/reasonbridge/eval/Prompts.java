package org.reasonbridge.eval;

import org.reasonbridge.data.Problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user message of each problem: the benchmark's {@link PromptFormat}, preceded with {@code n} few-shot examples
 * in the harness's layout (the group's description, then the solved examples separated by blank lines). What {@link #describe()} returns is recorded in results.json and is part of the run's identity.
 */
final class Prompts {
    private final Benchmark benchmark;
    private final PromptFormat format;
    private final int shots;

    Prompts(Benchmark benchmark, PromptFormat format, int shots) {
        this.benchmark = benchmark;
        this.format = format;
        this.shots = shots;
        // refuse before any request when a group has too few examples
        if (shots > 0) {
            for (Problem p : benchmark.problems()) context(p);
        }
    }

    String render(Problem p) {
        if (shots == 0) return format.render(p);
        Fewshot.Context c = context(p);
        StringBuilder sb = new StringBuilder(c.description());
        for (Fewshot.Shot s : c.shots().subList(0, shots)) {
            sb.append(s.text()).append("\n\n");
        }
        return sb.append(format.render(p)).toString();
    }

    private Fewshot.Context context(Problem p) {
        Fewshot.Context c = benchmark.fewshot().context(p);
        if (c.shots().size() < shots) {
            throw new IllegalArgumentException("benchmark " + benchmark.name() + " has " + c.shots().size()
                    + " few-shot example(s) for problem '" + p.id() + "' (source: " + benchmark.fewshot().source()
                    + "), fewer than the " + shots + " asked for");
        }
        return c;
    }

    /** The format, its template, the number of examples, and their source and digest. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format.name());
        m.put("template", format.template());
        m.put("num_fewshot", shots);
        if (shots > 0) {
            m.put("fewshot_source", benchmark.fewshot().source());
            StringBuilder all = new StringBuilder();
            for (Problem p : benchmark.problems()) {
                Fewshot.Context c = context(p);
                all.append(c.description()).append('\0');
                c.shots().subList(0, shots).forEach(s -> all.append(s.text()).append('\0'));
            }
            m.put("fewshot_sha256", org.reasonbridge.data.Fingerprint.of(all.toString()));
        }
        return m;
    }
}
