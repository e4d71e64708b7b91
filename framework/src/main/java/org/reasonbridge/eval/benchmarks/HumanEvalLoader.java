package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HumanEval ({@code HumanEval.jsonl}, or the published {@code HumanEval.jsonl.gz} as is): JSON Lines with
 * {@code task_id, prompt, canonical_solution, test, entry_point}. The question is the prompt; the answer is the
 * canonical solution, and {@code prompt, test, entry_point, canonical_solution} are in metadata for the executor
 * that grades {@link Grader#CODE}.
 */
public final class HumanEvalLoader {
    private HumanEvalLoader() {
    }

    public static Benchmark load(Path file) {
        return new Benchmark("humaneval", Grader.CODE, Rows.jsonl(file, f -> {
            String prompt = f.required("prompt");
            String solution = f.required("canonical_solution");
            Map<String, String> meta = new LinkedHashMap<>(f.rest("task_id"));
            meta.put("test", f.required("test"));
            meta.put("entry_point", f.required("entry_point"));
            return new Problem(f.required("task_id"), prompt, solution, List.of(), meta);
        }));
    }
}
