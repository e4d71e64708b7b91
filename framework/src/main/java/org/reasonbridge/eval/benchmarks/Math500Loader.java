package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MATH500 (HuggingFaceH4/MATH-500 {@code test.jsonl}, from PRM800K's split): JSON Lines with {@code problem,
 * solution, answer, subject, level, unique_id}. The id is {@code unique_id} (e.g. {@code test/precalculus/807.json});
 * solution, subject and level go to metadata; graded by {@link Grader#MATH}.
 */
public final class Math500Loader {
    private Math500Loader() {
    }

    public static Benchmark load(Path file) {
        return new Benchmark("math500", Grader.MATH, Rows.jsonl(file, f -> {
            String id = f.required("unique_id");
            Map<String, String> meta = f.rest("problem", "answer", "unique_id");
            for (String k : List.of("solution", "subject", "level")) {
                if (!meta.containsKey(k)) throw f.error("missing field '" + k + "'");
            }
            return new Problem(id, f.required("problem"), f.required("answer"), List.of(), meta);
        }));
    }
}
