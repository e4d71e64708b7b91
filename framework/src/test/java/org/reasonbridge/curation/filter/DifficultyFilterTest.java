package org.reasonbridge.curation.filter;

import org.reasonbridge.lm.LmRequest;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.inference.TestTimePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.curation.audit.Decision;
import org.reasonbridge.data.Problem;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifficultyFilterTest {
    private static final Problem SUM = new Problem("sum", "What is 2+3?", "5");

    /** Answers every prompt with {@code completion}, or throws when it is null. */
    private static LanguageModel stub(String name, String completion) {
        return new LanguageModel() {
            @Override
            public LmReply answer(LmRequest r) {
                if (completion == null) throw new IllegalStateException("endpoint down after 5 attempts");
                return new LmReply(r.userText(), completion, null, "stop", 3, 7, 1);
            }

            @Override
            public boolean concurrent() {
                return true;
            }

            @Override
            public Map<String, Object> describe() {
                return Map.of("model", name);
            }
        };
    }

    static Stream<Arguments> cases() {
        LanguageModel right = stub("right", "2+3=5, so \\boxed{5}"), equivalent = stub("equiv", "\\boxed{\\frac{10}{2}}");
        LanguageModel wrong = stub("wrong", "\\boxed{6}"), silent = stub("silent", "I am not sure."), down = stub("down", null);
        return Stream.of(
                Arguments.of("all fail: kept", List.of(wrong, silent), DifficultyFilter.OnError.EXCLUDE, "kept", List.of("wrong", "no_answer")),
                Arguments.of("one solves: dropped", List.of(wrong, right), DifficultyFilter.OnError.EXCLUDE, "solved", List.of("wrong", "correct")),
                Arguments.of("equivalent value solves", List.of(equivalent, wrong), DifficultyFilter.OnError.EXCLUDE, "solved", List.of("correct", "wrong")),
                Arguments.of("error excludes", List.of(wrong, down), DifficultyFilter.OnError.EXCLUDE, "solver-error", List.of("wrong", "error")),
                Arguments.of("error and a solve: solved", List.of(down, right), DifficultyFilter.OnError.EXCLUDE, "solved", List.of("error", "correct")),
                Arguments.of("error counted as failure", List.of(wrong, down), DifficultyFilter.OnError.COUNT_AS_FAILED, "kept", List.of("wrong", "error")),
                Arguments.of("three solvers all fail", List.of(wrong, silent, wrong), DifficultyFilter.OnError.EXCLUDE, "kept", List.of("wrong", "no_answer", "wrong")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, List<LanguageModel> solvers, DifficultyFilter.OnError onError, String reason, List<String> verdicts) {
        Decision d = DifficultyFilter.of(solvers).withOnError(onError).check(SUM);
        assertEquals(reason, d.reason(), name);
        assertEquals(reason.equals("kept"), d.kept());
        @SuppressWarnings("unchecked") List<Map<String, Object>> attempts = (List<Map<String, Object>>) d.details().get("solvers");
        assertEquals(verdicts, attempts.stream().map(a -> a.get("verdict")).toList());
        for (int i = 0; i < solvers.size(); i++) assertTrue(((String) attempts.get(i).get("solver")).startsWith(i + ":"));
    }

    @Test
    void recordsAnswersAndErrors() {
        Decision d = DifficultyFilter.of(stub("wrong", "\\boxed{6}"), stub("down", null)).check(SUM);
        @SuppressWarnings("unchecked") List<Map<String, Object>> attempts = (List<Map<String, Object>>) d.details().get("solvers");
        assertEquals("6", attempts.get(0).get("answer"));
        assertEquals(7, attempts.get(0).get("completion_tokens"));
        assertTrue(((String) attempts.get(1).get("error")).contains("endpoint down"));
    }

    @Test
    void multipleChoiceIsGradedByLetter() {
        Problem mc = new Problem("mc", "Which is 2+3?", "B", List.of("4", "5", "6"), Map.of());
        assertEquals("solved", DifficultyFilter.of(stub("a", "The answer is (B)."), stub("b", "The answer is (A).")).check(mc).reason());
        assertEquals("kept", DifficultyFilter.of(stub("a", "The answer is (C)."), stub("b", "The answer is (A).")).check(mc).reason());
    }

    @Test
    void noReferenceIsDropped() {
        assertEquals("no-reference", DifficultyFilter.of(stub("a", "\\boxed{1}")).check(new Problem("x", "Prove it.", "")).reason());
    }

    @Test
    void realTinyLocalModelAttemptsEveryProblem(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("tiny-qwen2");
        RandomCheckpoint.write(folder, ModelPreset.TINY.config(ModelFamily.QWEN2), 3, DType.F32);
        try (Model model = Model.load(folder)) {
            LanguageModel local = TestTimePolicy.named("none").local(model);
            List<Problem> problems = List.of(SUM, new Problem("mul", "What is 6*7?", "42"));
            List<Decision> ds = DifficultyFilter.of(local, local).withMaxTokens(4).apply(problems);
            assertEquals(2, ds.size());
            for (Decision d : ds) {
                // a random model cannot box the right answer in 4 tokens: both attempts fail, the problem is kept
                assertEquals("kept", d.reason(), () -> d.details().toString());
                @SuppressWarnings("unchecked") List<Map<String, Object>> attempts = (List<Map<String, Object>>) d.details().get("solvers");
                assertEquals(2, attempts.size());
                assertNull(attempts.get(0).get("error"));
                assertTrue((Integer) attempts.get(0).get("completion_tokens") <= 4);
            }
        }
    }

    /** A local solver judging 3 problems per batch decides, journals and records exactly as one at a time. */
    @Test
    void batchesOfALocalSolverDecideAsOneAtATime(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("tiny-qwen2");
        RandomCheckpoint.write(folder, ModelPreset.TINY.config(ModelFamily.QWEN2), 3, DType.F32);
        try (Model model = Model.load(folder)) {
            LanguageModel local = TestTimePolicy.named("none").local(model);
            List<Problem> problems = List.of(SUM, new Problem("mul", "What is 6*7?", "42"), new Problem("x", "Prove it.", ""),
                    new Problem("long", "A train goes 60 km per hour for 3 hours. How far does it go in all?", "180"),
                    new Problem("d", "8/2?", "4"));
            DifficultyFilter one = DifficultyFilter.of(local, local).withMaxTokens(6);
            DifficultyFilter three = one.withBatchSize(3);
            assertEquals(one.identity(), three.identity(), "the batch size changes no verdict");
            List<Decision> a = one.apply(problems), b;
            try (DifficultyJournal j = DifficultyJournal.open(dir.resolve("journal.jsonl"), three.identity())) {
                b = three.apply(problems, j);
            }
            assertEquals(json(a), json(b));
            assertEquals(json(a), json(three.apply(problems)));
            try (DifficultyJournal j = DifficultyJournal.open(dir.resolve("journal.jsonl"), three.identity())) {
                assertEquals(json(a), json(three.apply(problems, j)), "read back from the journal");
            }
        }
    }

    private static List<String> json(List<Decision> ds) {
        return ds.stream().map(d -> d.toJson().toString()).toList();
    }

    /** Counts calls and the most in flight at once; answers {@code \\boxed{0}} after a short wait. */
    static final class Counting implements LanguageModel {
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        final boolean concurrent;

        Counting(boolean concurrent) {
            this.concurrent = concurrent;
        }

        @Override
        public LmReply answer(LmRequest r) {
            calls.incrementAndGet();
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return new LmReply(r.userText(), "\\boxed{0}", null, "stop", 1, 1, 1);
        }

        @Override
        public boolean concurrent() {
            return concurrent;
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("model", "counting");
        }
    }

    @Test
    void judgesConcurrentlyInOrderAndJournalsEachOnce(@TempDir Path tmp) {
        List<Problem> problems = java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> new Problem("q" + i, "What is " + i + " + 1?", String.valueOf(i + 1))).toList();
        for (boolean concurrent : new boolean[]{true, false}) {
            Counting solver = new Counting(concurrent);
            DifficultyFilter filter = DifficultyFilter.of(solver).withConcurrency(4);
            Path file = tmp.resolve(concurrent + ".jsonl");
            List<Decision> first;
            try (DifficultyJournal j = DifficultyJournal.open(file, filter.identity())) {
                first = filter.apply(problems, j);
            }
            assertEquals(problems.stream().map(Problem::id).toList(), first.stream().map(Decision::problemId).toList());
            assertEquals(16, solver.calls.get());
            assertTrue(concurrent ? solver.most.get() > 1 && solver.most.get() <= 4 : solver.most.get() == 1, "in flight: " + solver.most);
            try (DifficultyJournal j = DifficultyJournal.open(file, filter.identity())) {
                assertEquals(first.stream().map(Decision::kept).toList(), filter.apply(problems, j).stream().map(Decision::kept).toList());
            }
            assertEquals(16, solver.calls.get(), "the journal answered the second run");
        }
    }
}
