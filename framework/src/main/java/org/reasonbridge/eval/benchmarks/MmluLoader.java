package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.data.Problem;
import org.reasonbridge.grading.Grader;

import org.reasonbridge.data.Csv;
import org.reasonbridge.data.DataFileException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * MMLU-STEM as JSON Lines in the layout of the {@code cais/mmlu} export: {@code question, subject, choices} (a list
 * of strings) and {@code answer}, the index of the correct choice (0 → A); a letter "A".."D" is accepted too. The
 * STEM subset is whatever subjects the file holds; ids are {@code <subject>-<line>}. The original release's
 * per-subject CSV ({@code data/test/<subject>_test.csv}: no header, {@code question, A, B, C, D, answer letter}) is
 * read too, the subject taken from the file name; a folder of such files loads them all in name order.
 */
public final class MmluLoader {
    private MmluLoader() {
    }

    public static Benchmark load(Path file) {
        if (Files.isDirectory(file)) {
            List<Problem> all = new ArrayList<>();
            try (Stream<Path> s = Files.list(file)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) all.addAll(csv(f));
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot list", e);
            }
            if (all.isEmpty()) throw new DataFileException(file, 0, "no MMLU subject files (*.csv)");
            return new Benchmark("mmlu-stem", Grader.MC, all);
        }
        if (file.getFileName().toString().endsWith(".csv")) return new Benchmark("mmlu-stem", Grader.MC, csv(file));
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
            Map<String, String> meta = new LinkedHashMap<>(f.rest("question", "choices", "answer"));
            String question = f.required("question");
            return new Problem(Rows.contentId(subject, question, Rows.letter(index), choices), question, Rows.letter(index),
                    choices, meta);
        }));
    }

    /** One subject file of the original release: six cells a row, no header. */
    static List<Problem> csv(Path file) {
        String subject = file.getFileName().toString().replaceFirst("(_(test|val|dev))?\\.csv$", "");
        List<Problem> out = new ArrayList<>();
        for (Csv.Row row : Csv.read(file)) {
            List<String> c = row.cells();
            if (c.size() != 6) throw new DataFileException(file, row.line(), "expected 6 cells (question, A, B, C, D, answer), found " + c.size());
            String answer = c.get(5).strip();
            if (!answer.matches("[A-D]")) throw new DataFileException(file, row.line(), "answer must be a letter A..D, not '" + answer + "'");
            if (c.get(0).isBlank()) throw new DataFileException(file, row.line(), "empty question");
            out.add(new Problem(Rows.contentId(subject, c.get(0), answer, c.subList(1, 5)), c.get(0), answer, c.subList(1, 5),
                    Map.of("subject", subject)));
        }
        if (out.isEmpty()) throw new DataFileException(file, 0, "no problems");
        return out;
    }
}
