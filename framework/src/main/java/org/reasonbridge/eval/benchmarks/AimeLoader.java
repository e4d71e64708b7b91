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
            String id = f.optional("id", "ID", "Id", "unique_id").orElse("line-" + f.line());
            return new Problem(id, f.required("problem", "Problem"), f.required("answer", "Answer"), List.of(),
                    f.rest("problem", "Problem", "answer", "Answer", "id", "ID", "Id", "unique_id"));
        }));
    }
}
