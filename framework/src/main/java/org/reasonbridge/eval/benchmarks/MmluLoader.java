package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.Problem;
import org.reasonbridge.grading.Grader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MMLU-STEM as JSON Lines in the layout of the {@code cais/mmlu} export: {@code question, subject, choices} (a list
 * of strings) and {@code answer}, the index of the correct choice (0 → A); a letter "A".."D" is accepted too. The
 * STEM subset is whatever subjects the file holds; ids are {@code <subject>-<line>}.
 */
public final class MmluLoader {
    private MmluLoader() {
    }

    public static Benchmark load(Path file) {
        return new Benchmark("mmlu-stem", Grader.MC, Rows.jsonl(file, f -> {
            List<String> choices = f.strings("choices");
            if (choices.size() < 2) throw f.error("field 'choices' needs at least two options");
            String subject = f.required("subject");
            String answer = f.required("answer").strip();
            int index;
            if (answer.matches("\\d+")) index = Integer.parseInt(answer);
            else if (answer.matches("[A-Za-z]")) index = Character.toUpperCase(answer.charAt(0)) - 'A';
            else throw f.error("field 'answer' must be a choice index or letter, not '" + answer + "'");
            if (index >= choices.size()) throw f.error("answer " + answer + " is out of range for " + choices.size() + " choices");
            Map<String, String> meta = new java.util.LinkedHashMap<>(f.rest("question", "choices", "answer"));
            return new Problem(subject + "-" + f.line(), f.required("question"), Rows.letter(index), choices, meta);
        }));
    }
}
