package org.reasonbridge.demo;

import org.reasonbridge.data.Example;
import org.reasonbridge.data.ExampleWriter;
import org.reasonbridge.eval.PromptFormat;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.RopeScaling;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.training.TrainingConfig;
import org.reasonbridge.training.TrainingListener;
import org.reasonbridge.training.TrainingRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The demo's two base models: Qwen2-shaped decoders trained from scratch, briefly, to answer mini-world problems
 * shallowly (the answer line as the whole thought: no working). They are the difficulty filter's two solvers,
 * and the first is the student. Trained on fresh problems of levels 1 to 3 (never the pool's or the tests'), so
 * what they can do is what a direct answer can do: level 1 sometimes, several operations hardly ever.
 *
 * <p>Full fine-tuning trains every weight but the embedding (SameDiff cannot differentiate through gather), so the
 * embedding stays a fixed random projection and the output head is untied to learn.
 */
final class BaseModels {
    /** A base model's shape and its training. */
    record Shape(String name, int hidden, int layers, int heads, int kvHeads, int intermediate, long seed) {
    }

    static final String DONE = "base-model.done";

    private BaseModels() {
    }

    /** The config of {@code s} over a vocabulary of {@code vocab} tokens, specials last (bos = eos = vocab - 3). */
    static ModelConfig config(Shape s, int vocab) {
        return new ModelConfig(ModelFamily.QWEN2, vocab, s.hidden(), s.intermediate(), s.layers(), s.heads(), s.kvHeads(),
                s.hidden() / s.heads(), 1e-6, 10_000.0, RopeScaling.NONE, 2048, false, true, false, false,
                Collections.nCopies(s.layers(), 0), 0, 0, vocab - 3, List.of(vocab - 3));
    }

    /**
     * What the base models learn from, in thirds: shallow answers to fresh problems of the trained domains (levels
     * 1..3); arithmetic facts written as the teacher writes its calculations ({@code 5 * 7 = 35.}); and worked
     * solutions of problems it is not shown, asked for by a fixed instruction. Together they stand for a real pretrained model: it
     * knows the words and can calculate, but answers a word problem in one go. The traces then teach what it lacks:
     * which lines a problem needs, in which order, with the problem's own numbers.
     */
    static List<Example> directAnswers(long seed, int count, Set<String> tests) {
        SplittableRandom r = new SplittableRandom(seed);
        MiniTeacher prose = new MiniTeacher(TeacherStyle.defaults().withoutFlaws().withSeed(seed).withTags(false));
        List<MiniDomain> domains = MiniDomain.trained().stream().filter(d -> d != MiniDomain.PROGRAMS).toList();
        List<Example> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 3 == 1) {
                out.add(fact(r, i));
                continue;
            }
            MiniDomain d = domains.get((i / 3) % domains.size());
            // worked solutions at levels 1..2 only: long sequences cost the most (batches are padded to the longest)
            Exercise e = fresh(d, r, i % 3 == 2 ? 1 + r.nextInt(2) : 1 + r.nextInt(3), tests);
            if (i % 3 == 2) {
                // a worked solution of some problem the model is not shown: how reasoning reads, not how to do it
                MiniTeacher.Reply reply = prose.answer(e.text());
                out.add(new Example("text-" + i, posed(WRITE), reply.thinking(), MiniTeacher.answerLine(e.answer()), Map.of()));
                continue;
            }
            out.add(shallow("base-" + i, e));
        }
        return out;
    }

    /**
     * What the base models learn of the digit programs ({@link DigitPrograms}), {@code count} examples: a tenth are
     * the digit facts the programs use ({@code 7 * 5 = 35.}, asked as "Compute 7 * 5."); the rest are programs of one
     * to four instructions, asked plainly, answered with written steps ({@link #WRITTEN_SHARE} of them, at every
     * length) or else shallowly, the answer line alone. This stands for what a real pretrained model brings: it knows
     * the facts and has seen programs traced line by line, but most often it answers in one go, so greedy decoding
     * answers in one go, and misses from two instructions on. Both ways are asked the same way, so the written way is
     * a mode the model can already take from the same prompt with the same positions to copy from; the traces make it
     * the default.
     */
    static List<Example> programs(long seed, int count, Set<String> tests) {
        SplittableRandom r = new SplittableRandom(seed);
        MiniTeacher prose = new MiniTeacher(TeacherStyle.defaults().withoutFlaws().withSeed(seed).withTags(false));
        List<Example> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 10 == 0) {
                DigitPrograms.Instruction op = DigitPrograms.instruction(r);
                int a = r.nextInt(10), c = op.add() ? a + op.digit() : a * op.digit();
                String calc = a + (op.add() ? " + " : " * ") + op.digit();
                out.add(new Example("digit-fact-" + i, posed("Compute " + calc + "."), calc + " = " + c + ".",
                        MiniTeacher.answerLine(Integer.toString(c)), Map.of()));
                continue;
            }
            Exercise e = fresh(MiniDomain.PROGRAMS, r, 1 + r.nextInt(4), tests);
            if (r.nextDouble() < WRITTEN_SHARE) {
                out.add(new Example("program-text-" + i, posed(e.text()), prose.answer(e.text()).thinking(), MiniTeacher.answerLine(e.answer()), Map.of()));
            } else {
                out.add(shallow("program-" + i, e));
            }
        }
        return out;
    }

    /**
     * The share of programs the base models see answered with written steps: as much as it can be while staying below
     * a half, so the shallow answer's fixed first word ("So") stays the likelier first token (a written trace starts
     * with the program's name, which the model copies from the prompt and is as sure of as it is of writing at all),
     * and the written way is learned well enough to be worth eliciting.
     */
    static final double WRITTEN_SHARE = 0.45;

    /** A shallow answer to {@code e}: the last line of a worked solution alone, then the teacher's answer line. */
    static Example shallow(String id, Exercise e) {
        return new Example(id, posed(e.text()), "So the answer is " + e.answer() + ".", MiniTeacher.answerLine(e.answer()), Map.of());
    }

    /**
     * A problem of {@code d} at {@code level} that is none of the world's test questions {@code tests}: the base models
     * stand for pretrained models, which must not have seen the test set (one-instruction programs are few enough,
     * 2,720, that fresh draws would repeat test items).
     */
    private static Exercise fresh(MiniDomain d, SplittableRandom r, int level, Set<String> tests) {
        for (int tries = 0; ; tries++) {
            Exercise e = d.generate(r, level);
            if (!tests.contains(e.text())) return e;
            if (tries == 1000) throw new IllegalStateException(d.id() + " level " + level + ": every draw is a test question");
        }
    }

    /** The instruction of the prose examples. */
    static final String WRITE = "Write out a worked solution.";

    /** One calculation in the ranges the world's traces use: sums and differences below 400, small products. */
    static Example fact(SplittableRandom r, int i) {
        int a, b;
        String op;
        long c;
        switch (r.nextInt(5)) {
            case 0 -> {
                a = r.nextInt(200);
                b = r.nextInt(200);
                op = "+";
                c = a + b;
            }
            case 1 -> {
                a = r.nextInt(300);
                b = r.nextInt(a + 1);
                op = "-";
                c = a - b;
            }
            case 2, 3 -> {
                a = 1 + r.nextInt(12);
                b = 1 + r.nextInt(30);
                if (r.nextBoolean()) {
                    int t = a;
                    a = b;
                    b = t;
                }
                op = "*";
                c = (long) a * b;
            }
            default -> {
                b = 1 + r.nextInt(12);
                c = r.nextInt(30);
                a = (int) (b * c);
                op = "/";
            }
        }
        String line = a + " " + op + " " + b + " = " + c + ".";
        return new Example("fact-" + i, posed("Compute " + a + " " + op + " " + b + "."), line, MiniTeacher.answerLine(Long.toString(c)), Map.of());
    }

    /** A problem as evaluation and the difficulty filter pose it (the same words the model is asked with). */
    static String posed(String question) {
        return PromptFormat.MATH.render(new org.reasonbridge.data.Problem("p", question, "", List.of(), Map.of()));
    }

    /**
     * Builds the model {@code shape} into {@code dir/NAME} unless it is there already: random weights, the demo
     * tokenizer, then {@code config} full fine-tuning on {@code data}. Returns the finished model folder.
     */
    static Path build(Path dir, Shape shape, Path tokenizerDir, int vocab, Path data, TrainingConfig config,
                      TrainingListener listener) {
        Path home = dir.resolve(shape.name());
        Path model = home.resolve("run").resolve("model");
        if (Files.exists(home.resolve(DONE))) return model;
        Path init = home.resolve("init");
        try {
            if (!Files.exists(init.resolve("model.safetensors"))) {
                RandomCheckpoint.write(init, config(shape, vocab), shape.seed(), DType.F32);
                for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                    Files.copy(tokenizerDir.resolve(f), init.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            TrainingRun.train(init, data, config, home.resolve("run"), listener);
            Files.writeString(home.resolve(DONE), "trained\n");
        } catch (IOException e) {
            throw new UncheckedIOException(home + ": cannot write the base model", e);
        }
        return model;
    }

    static void writeExamples(List<Example> examples, Path file) {
        ExampleWriter.write(file, examples, e -> e, e -> Map.of());
    }
}
