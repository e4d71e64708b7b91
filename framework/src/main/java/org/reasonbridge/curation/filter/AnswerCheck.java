package org.reasonbridge.curation.filter;

import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingSplit;
import org.reasonbridge.grading.AnswerExtractor;
import org.reasonbridge.grading.Extraction;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.grading.HumanEvalGrader;
import org.reasonbridge.grading.MathEquivalence;

import java.util.Optional;

/**
 * How curation checks a final answer, the one rule for the quality filter (is the teacher right?) and the
 * difficulty filter (did a solver get it?): against the problem's reference answer ({@link MathEquivalence}, or the
 * letter by {@link Grader#MC} for multiple choice); for a programming problem without one, by running the tests the
 * pool supplies (metadata {@code test}, optionally {@code entry_point} and a HumanEval {@code prompt}) on the code of
 * the answer, under {@link HumanEvalGrader}'s limits, when code execution is allowed. A problem with neither cannot
 * be checked: curation drops it before asking the teacher.
 */
public final class AnswerCheck {
    /** What a check found. */
    public enum Verdict { CORRECT, WRONG, NO_ANSWER, UNCHECKABLE }

    /**
     * @param verdict the finding
     * @param answer  the answer checked (the extracted answer, or the code run), null when there was none
     * @param detail  what the tests printed when they failed, else ""
     */
    public record Result(Verdict verdict, String answer, String detail) {
    }

    private static final AnswerExtractor EXTRACTOR = new AnswerExtractor();
    private static final MathEquivalence EQUIVALENCE = new MathEquivalence();

    private final HumanEvalGrader code;

    private AnswerCheck(HumanEvalGrader code) {
        this.code = code;
    }

    /** Reference answers only: programming problems without one cannot be checked. */
    public static AnswerCheck referenceOnly() {
        return new AnswerCheck(null);
    }

    /** Reference answers, and the pool's tests run on model-written code by {@code grader} (the caller opted in). */
    public static AnswerCheck runningTests(HumanEvalGrader grader) {
        return new AnswerCheck(java.util.Objects.requireNonNull(grader, "grader"));
    }

    /** Whether tests run here. */
    public boolean runsTests() {
        return code != null;
    }

    /** Whether {@code p} is a programming problem with tests and no reference answer. */
    public static boolean testedByCode(Problem p) {
        return p.answer().isBlank() && p.metadata().containsKey("test");
    }

    /** Whether an answer to {@code p} can be checked here: it has a reference answer, or tests this check runs. */
    public boolean checkable(Problem p) {
        return !p.answer().isBlank() || (code != null && p.metadata().containsKey("test"));
    }

    /** Why {@code p} cannot be checked here, or empty when it can. */
    public Optional<String> uncheckable(Problem p) {
        if (checkable(p)) return Optional.empty();
        return Optional.of(p.metadata().containsKey("test")
                ? "no reference answer, and its tests run only with code execution allowed (curate --allow-code-execution)"
                : "no reference answer and no tests to check an answer against");
    }

    /** The final answer in {@code completion}'s answer part: the code of a tested problem, else the extracted answer. */
    public Optional<String> answer(Problem p, ThinkingSplit completion) {
        if (testedByCode(p)) {
            String c = HumanEvalGrader.extractCode(completion).strip();
            return c.isEmpty() ? Optional.empty() : Optional.of(c);
        }
        return (p.choices().isEmpty() ? EXTRACTOR.extract(completion) : EXTRACTOR.extractChoice(completion)).map(Extraction::answer);
    }

    /** The verdict on {@code completion} as an answer to {@code p}. */
    public Result check(Problem p, ThinkingSplit completion) {
        if (!checkable(p)) return new Result(Verdict.UNCHECKABLE, answer(p, completion).orElse(null), "");
        Optional<String> answer = answer(p, completion);
        if (answer.isEmpty()) return new Result(Verdict.NO_ANSWER, null, "");
        if (testedByCode(p)) {
            HumanEvalGrader.Outcome o = p.metadata().containsKey("prompt") && p.metadata().containsKey("entry_point")
                    ? code.grade(completion, p.metadata()) : code.run(program(answer.get(), p));
            return new Result(o.passed() ? Verdict.CORRECT : Verdict.WRONG, answer.get(),
                    o.passed() ? "" : o.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + tail(o.output()));
        }
        boolean right = p.choices().isEmpty() ? EQUIVALENCE.equivalent(answer.get(), p.answer())
                : Grader.MC.grade(completion, p.answer(), p.choices());
        return new Result(right ? Verdict.CORRECT : Verdict.WRONG, answer.get(), "");
    }

    /** The answer's code, then the tests, then {@code check(entry_point)} when the pool names one. */
    static String program(String code, Problem p) {
        String entry = p.metadata().get("entry_point");
        return code + "\n\n" + p.metadata().get("test") + "\n" + (entry == null || entry.isBlank() ? "" : "\ncheck(" + entry + ")\n");
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() <= 300 ? t : "..." + t.substring(t.length() - 300);
    }
}
