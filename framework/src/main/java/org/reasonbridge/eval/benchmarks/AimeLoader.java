package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.List;

/**
 * AIME 2024 as JSON Lines or Parquet, in either public export's spelling: {@code problem, answer, id} (HuggingFaceH4) or
 * {@code Problem, Answer, ID} (Maxwell-Jia). The answer is kept as written ("025" stays "025"; a JSON number keeps
 * its digits): {@link Grader#MATH} compares integers. A {@code .parquet} export (the public AIME files are Parquet)
 * is read with the same field rules.
 */
public final class AimeLoader {
    private AimeLoader() {
    }

    public static Benchmark load(Path file) {
        return new Benchmark("aime2024", Grader.MATH, Rows.jsonl(file, f -> {
            String problem = f.required("problem", "Problem"), answer = f.required("answer", "Answer");
            // a file without ids names each problem by its content, never by its line
            String id = f.optional("id", "ID", "Id", "unique_id").orElseGet(() -> Rows.contentId("aime", problem, answer));
            return new Problem(id, problem, answer, List.of(),
                    f.rest("problem", "Problem", "answer", "Answer", "id", "ID", "Id", "unique_id"));
        }));
    }
}
