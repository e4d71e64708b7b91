package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.data.DataFileException;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.List;

/**
 * AIME 2024 as JSON Lines, in either public export's spelling: {@code problem, answer, id} (HuggingFaceH4) or
 * {@code Problem, Answer, ID} (Maxwell-Jia). The answer is kept as written ("025" stays "025"; a JSON number keeps
 * its digits): {@link Grader#MATH} compares integers. Parquet is not read: no Parquet reader on Maven Central fits
 * this project (DuckDB's JDBC jar is 73 MB of native code, parquet-avro pulls Hadoop, Hardwood needs Java 21), so a
 * {@code .parquet} file is refused with the one-line conversion to JSON Lines.
 */
public final class AimeLoader {
    private AimeLoader() {
    }

    public static Benchmark load(Path file) {
        if (file.getFileName().toString().endsWith(".parquet")) {
            throw new DataFileException(file, 0, "Parquet is not read (no light Java reader); convert it once to JSON Lines, "
                    + "e.g. python3 -c \"import pandas as p; p.read_parquet('" + file.getFileName()
                    + "').to_json('aime2024.jsonl', orient='records', lines=True)\" or duckdb -c \"COPY (FROM '"
                    + file.getFileName() + "') TO 'aime2024.jsonl'\"");
        }
        return new Benchmark("aime2024", Grader.MATH, Rows.jsonl(file, f -> {
            String id = f.optional("id", "ID", "Id", "unique_id").orElse("line-" + f.line());
            return new Problem(id, f.required("problem", "Problem"), f.required("answer", "Answer"), List.of(),
                    f.rest("problem", "Problem", "answer", "Answer", "id", "ID", "Id", "unique_id"));
        }));
    }
}
