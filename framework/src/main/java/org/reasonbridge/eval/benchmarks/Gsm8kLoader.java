package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.Fewshot;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GSM8K ({@code grade_school_math/data/test.jsonl}): JSON Lines with {@code question} and {@code answer}, the
 * worked solution ending in {@code #### N}. The reference answer is N with thousands separators removed
 * ({@code "#### 1,234"} → {@code "1234"}; the dataset writes numbers both ways), the full solution is kept in
 * metadata as {@code solution}. The file has no ids: a problem's id is {@code gsm8k-} and a digest of its question and
 * solution, so it names the same problem in any copy or order of the file.
 */
public final class Gsm8kLoader {
    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(\\D|$))");

    private Gsm8kLoader() {
    }

    /** lm-evaluation-harness's {@code gsm8k_cot}: Wei et al. (2022)'s eight chain-of-thought exemplars. */
    static final String FEWSHOT = "/org/reasonbridge/eval/fewshot/gsm8k-cot.jsonl";

    public static Benchmark load(Path file) {
        return new Benchmark("gsm8k", Grader.MATH, problems(file), fewshot());
    }

    /** The eight exemplars, in the harness's {@code Q: ... A: ...} layout, the same for every problem. */
    public static Fewshot fewshot() {
        List<Fewshot.Shot> shots = new java.util.ArrayList<>();
        try (java.io.InputStream in = Gsm8kLoader.class.getResourceAsStream(FEWSHOT)) {
            if (in == null) throw new IllegalStateException("resource " + FEWSHOT + " missing from the jar");
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                var o = org.reasonbridge.data.JsonLines.JSON.readTree(line);
                shots.add(Fewshot.Shot.qa(o.get("question").asText(), o.get("target").asText()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(FEWSHOT, e);
        }
        return Fewshot.fixed("gsm8k_cot (lm-evaluation-harness): the 8 chain-of-thought exemplars of Wei et al. 2022", "", shots);
    }

    private static List<Problem> problems(Path file) {
        return Rows.jsonl(file, f -> {
            String solution = f.required("answer");
            int mark = solution.lastIndexOf("####");
            if (mark < 0) throw f.error("answer has no final '#### N'");
            String answer = THOUSANDS.matcher(solution.substring(mark + 4).strip()).replaceAll("");
            if (answer.isEmpty()) throw f.error("answer has nothing after '####'");
            Map<String, String> meta = new LinkedHashMap<>(f.rest("question", "answer"));
            meta.put("solution", solution);
            String question = f.required("question");
            return new Problem(Rows.contentId("gsm8k", question, solution), question, answer, List.of(), meta);
        });
    }
}
