package org.reasonbridge.eval.benchmarks;

import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.data.Problem;
import org.reasonbridge.eval.Fewshot;
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
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * MMLU-STEM: the 19 subjects of lm-evaluation-harness's {@code mmlu_stem} group ({@link #STEM_SUBJECTS}); rows of
 * other subjects are left out, so the whole of MMLU (the {@code cais/mmlu} "all" export) can be given. Read as JSON
 * Lines (or Parquet) in the {@code cais/mmlu} layout: {@code question, subject, choices} (a list of strings) and
 * {@code answer}, the index of the correct choice (0 → A; a letter "A".."D" is accepted too); or as the original
 * release's per-subject CSV ({@code data/test/<subject>_test.csv}: no header, {@code question, A, B, C, D, answer
 * letter}), the subject from the file name, a folder of such files loading them all in name order. Ids are
 * {@code <subject>-} and a digest of the question, answer and options.
 * <p>
 * Few-shot (the harness's setup): the description "The following are multiple choice questions (with answers) about
 * {subject}." and the first dev questions of the subject, each {@code question, A. .., ..., Answer: X}, read from the
 * release's {@code dev/<subject>_dev.csv} beside the test files (the folder's sibling {@code dev/}, or the folder itself).
 */
public final class MmluLoader {
    /** lm-evaluation-harness's {@code mmlu_stem} subjects (its {@code _generate_configs.py} category "stem"). */
    public static final List<String> STEM_SUBJECTS = List.of("abstract_algebra", "anatomy", "astronomy", "college_biology",
            "college_chemistry", "college_computer_science", "college_mathematics", "college_physics", "computer_security",
            "conceptual_physics", "electrical_engineering", "elementary_mathematics", "high_school_biology",
            "high_school_chemistry", "high_school_computer_science", "high_school_mathematics", "high_school_physics",
            "high_school_statistics", "machine_learning");

    private MmluLoader() {
    }

    public static Benchmark load(Path file) {
        List<Problem> all;
        Path testFolder;
        if (Files.isDirectory(file)) {
            all = new ArrayList<>();
            for (Path f : csvFiles(file, "test")) all.addAll(csv(f));
            if (all.isEmpty() && csvFiles(file, "dev").isEmpty()) throw new DataFileException(file, 0, "no MMLU subject files (*.csv)");
            testFolder = file;
        } else if (file.getFileName().toString().endsWith(".csv")) {
            all = csv(file);
            testFolder = file.toAbsolutePath().getParent();
        } else {
            all = jsonl(file);
            testFolder = null;
        }
        List<Problem> stem = all.stream().filter(p -> STEM_SUBJECTS.contains(p.metadata().get("subject"))).toList();
        if (stem.isEmpty()) {
            throw new DataFileException(file, 0, "no MMLU-STEM subject in it (found: "
                    + new TreeSet<>(all.stream().map(p -> p.metadata().get("subject")).toList()) + "; STEM: " + STEM_SUBJECTS + ")");
        }
        return new Benchmark("mmlu-stem", Grader.MC, stem, testFolder == null ? Fewshot.NONE : fewshot(testFolder));
    }

    /** The folder's subject files of one split: {@code *_test.csv} (or any name without a split, for "test"), {@code *_dev.csv}. */
    private static List<Path> csvFiles(Path folder, String split) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                if (!n.endsWith(".csv")) return false;
                boolean dev = n.endsWith("_dev.csv"), val = n.endsWith("_val.csv");
                return split.equals("dev") ? dev : !dev && !val;
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list", e);
        }
    }

    private static List<Problem> jsonl(Path file) {
        return Rows.jsonl(file, f -> {
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
        });
    }

    /** One subject file of the original release: six cells a row, no header. */
    static List<Problem> csv(Path file) {
        String subject = subject(file);
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

    private static String subject(Path file) {
        return file.getFileName().toString().replaceFirst("(_(test|val|dev))?\\.csv$", "");
    }

    /** The dev questions per subject, from {@code dev/} beside the test folder or the folder's own {@code *_dev.csv}. */
    static Fewshot fewshot(Path testFolder) {
        Path dev = testFolder.getParent() == null ? null : testFolder.getParent().resolve("dev");
        List<Path> files = dev != null && Files.isDirectory(dev) ? csvFiles(dev, "dev") : csvFiles(testFolder, "dev");
        if (files.isEmpty()) return Fewshot.NONE;
        Map<String, Fewshot.Context> subjects = new LinkedHashMap<>();
        for (Path f : files) {
            String subject = subject(f);
            List<Fewshot.Shot> shots = csv(f).stream()
                    .map(p -> new Fewshot.Shot(harnessText(p) + " " + p.answer())).toList();
            subjects.put(subject, new Fewshot.Context("The following are multiple choice questions (with answers) about "
                    + subject.replace('_', ' ') + ".\n\n", shots));
        }
        return new Fewshot("mmlu dev split (" + files.get(0).getParent().toAbsolutePath().normalize() + ")", "subject", subjects);
    }

    /** The harness's {@code doc_to_text}: the question, the lettered options, then "Answer:". */
    static String harnessText(Problem p) {
        StringBuilder sb = new StringBuilder(p.question().strip());
        for (int i = 0; i < p.choices().size(); i++) sb.append('\n').append(Rows.letter(i)).append(". ").append(p.choices().get(i));
        return sb.append("\nAnswer:").toString();
    }
}
