package org.reasonbridge.curation.filter;

import org.reasonbridge.data.Boxes;
import org.reasonbridge.data.Problem;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;
import org.reasonbridge.data.Trace;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.grading.MathEquivalence;
import org.reasonbridge.inference.StateDetector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quality filter's rules, each a transparent text check on a problem and its teacher trace. A rule returns
 * what it found (a sentence for the audit) or nothing. {@link QualityFilter} drops a problem for the first rule,
 * in declaration order, that finds something, and records every finding.
 */
public enum QualityRule {
    /** Neither thinking nor response has any text. */
    EMPTY_TRACE("empty-trace") {
        @Override
        Optional<String> find(Subject s) {
            return s.trace.thinking().isBlank() && s.trace.response().isBlank()
                    ? Optional.of("no thinking and no response") : Optional.empty();
        }
    },
    /**
     * A response without thinking: nothing to learn reasoning from, and not a training example ({@code train}
     * refuses an empty trace). A teacher that thinks inside {@code content} ({@code <think>...</think>}) has its
     * thinking split out before this rule looks.
     */
    EMPTY_THINKING("empty-thinking") {
        @Override
        Optional<String> find(Subject s) {
            return s.trace.thinking().isBlank() && !s.trace.response().isBlank()
                    ? Optional.of("a response without thinking") : Optional.empty();
        }
    },
    /**
     * Cut off: the provider's finish reason is {@code length} / {@code max_tokens}, or the last text (the response,
     * else the thinking) ends inside a formula (odd {@code $} on its last line, an open {@code \[}) or mid-sentence
     * (on {@code , ; : = + - / ( [ \{ ^ &}, or on a word such as "the", "and", "so", "therefore").
     */
    TRUNCATED("truncated") {
        @Override
        Optional<String> find(Subject s) {
            String reason = s.trace.finishReason().toLowerCase(Locale.ROOT);
            if (reason.equals("length") || reason.equals("max_tokens")) return Optional.of("finish reason '" + s.trace.finishReason() + "'");
            return TextChecks.endsMidway(s.trace.response().isBlank() ? s.trace.thinking() : s.trace.response());
        }
    },
    /**
     * The problem needs a picture: {@code [asy]}, a Markdown image {@code ![..](..)}, {@code <img}, {@code
     * \includegraphics}, or a reference such as "the figure", "the diagram below", "shown in the picture" (in the
     * question or the reference solution). "Graph" is not a cue: graph theory has no picture.
     */
    IMAGE_DEPENDENT("image-dependent") {
        private final Pattern cue = Pattern.compile("\\[asy]|!\\[[^\\]]*]\\([^)]*\\)|<img\\b|\\\\includegraphics"
                + "|(?i:\\b(?:the|this|following|accompanying|adjacent) (?:figure|diagram|picture|image|drawing)s?\\b"
                + "|\\b(?:figure|diagram|picture|image) (?:below|above)\\b)");

        @Override
        Optional<String> find(Subject s) {
            for (String text : List.of(s.problem.question(), s.solution())) {
                Matcher m = cue.matcher(text);
                if (m.find()) return Optional.of("refers to a picture: '" + m.group() + "'");
            }
            return Optional.empty();
        }
    },
    /**
     * LaTeX that does not parse, in the question, the reference solution or the response (the thinking is scratch
     * work): unbalanced braces, an odd number of {@code $} or {@code $$} (currency dollars such as {@code $5} are
     * allowed to be unpaired), {@code \left} without {@code \right}, unpaired {@code \[ \]}, {@code \( \)},
     * {@code \begin \end}. Code blocks are skipped.
     */
    BROKEN_LATEX("broken-latex") {
        @Override
        Optional<String> find(Subject s) {
            for (String[] part : new String[][]{{"question", s.problem.question()}, {"solution", s.solution()},
                    {"response", s.trace.response()}}) {
                Optional<String> problem = TextChecks.latexProblem(part[1]);
                if (problem.isPresent()) return Optional.of(part[0] + ": " + problem.get());
            }
            return Optional.empty();
        }
    },
    /**
     * No final answer in the response by the grader's own extractor ({@code \boxed}, "Final Answer:", a choice
     * letter, ...); for a programming problem checked by tests, no code.
     */
    MISSING_ANSWER("missing-answer") {
        @Override
        Optional<String> find(Subject s) {
            return s.answer.isEmpty() ? Optional.of(AnswerCheck.testedByCode(s.problem) ? "no code in the response"
                    : "no final answer in the response") : Optional.empty();
        }
    },
    /**
     * A final answer, but not in a {@code \boxed{}}: the teacher is asked for one, and {@code sweep} and evaluation
     * read the answer of a training example from it. Not asked of programming problems checked by tests.
     */
    UNBOXED_ANSWER("unboxed-answer") {
        @Override
        Optional<String> find(Subject s) {
            if (s.answer.isEmpty() || AnswerCheck.testedByCode(s.problem)) return Optional.empty();
            return Boxes.lastContent(s.trace.response()).isPresent() ? Optional.empty()
                    : Optional.of("the final answer '" + s.answer.get() + "' is not in a \\boxed{}");
        }
    },
    /**
     * The trace's final answer is wrong by {@link AnswerCheck}: not the reference answer ({@link Grader#MC} or
     * {@link MathEquivalence}), or, for a programming problem without one, code that fails the pool's tests.
     */
    WRONG_ANSWER("wrong-answer") {
        @Override
        Optional<String> find(Subject s) {
            if (s.result.verdict() != AnswerCheck.Verdict.WRONG) return Optional.empty();
            return Optional.of(AnswerCheck.testedByCode(s.problem) ? "the code fails the tests (" + s.result.detail() + ")"
                    : "answer '" + s.answer.get() + "', reference '" + s.problem.answer() + "'");
        }
    },
    /**
     * Looping text in thinking or response: a phrase of 1-64 words repeated back to back at least 4 times over at
     * least 40 words, or text of 2,000+ characters that deflates below 0.12 of its size (near-repeats).
     */
    DEGENERATE_REPETITION("degenerate-repetition") {
        @Override
        Optional<String> find(Subject s) {
            String text = s.trace.thinking() + "\n" + s.trace.response();
            Optional<String> run = TextChecks.repeatedRun(text);
            if (run.isPresent()) return run;
            double ratio = TextChecks.compressionRatio(text);
            return text.length() >= TextChecks.MIN_COMPRESSION_CHARS && ratio < TextChecks.MIN_COMPRESSION_RATIO
                    ? Optional.of(String.format(Locale.ROOT, "compresses to %.3f of its size", ratio)) : Optional.empty();
        }
    },
    /**
     * A one-letter variable in the final answer that neither the question nor the trace before the answer ever
     * names (the answer is in {@code y} for a problem and a derivation in {@code x}). {@code e}, {@code i}, a
     * leading {@code x =}, {@code \text{}} and LaTeX commands are ignored. Only this naming slip is detected.
     */
    INCONSISTENT_VARIABLES("inconsistent-variables") {
        private final Pattern naming = Pattern.compile("^\\s*[A-Za-z]\\s*=(?!=)");
        private final Pattern wrapped = Pattern.compile("\\\\(?:text|mathrm|textbf|operatorname|mbox)\\{[^}]*}");
        private final Pattern letter = Pattern.compile("(?<![A-Za-z\\\\])([A-Za-z])(?![A-Za-z])");

        @Override
        Optional<String> find(Subject s) {
            if (s.answer.isEmpty() || !s.problem.choices().isEmpty()) return Optional.empty();
            String answer = wrapped.matcher(naming.matcher(s.answer.get()).replaceFirst("")).replaceAll(" ")
                    .replaceAll("\\\\[A-Za-z]+", " ");
            Set<String> vars = new LinkedHashSet<>();
            Matcher m = letter.matcher(answer);
            while (m.find()) if (!m.group(1).equals("e") && !m.group(1).equals("i")) vars.add(m.group(1));
            if (vars.isEmpty()) return Optional.empty();
            String response = s.trace.response();
            int at = response.lastIndexOf(s.answer.get());
            String before = s.problem.question() + "\n" + s.trace.thinking() + "\n" + (at < 0 ? "" : response.substring(0, at));
            List<String> unknown = new ArrayList<>();
            for (String v : vars) {
                if (!Pattern.compile("(?<![A-Za-z\\\\])" + v + "(?![A-Za-z])").matcher(before).find()) unknown.add(v);
            }
            return unknown.isEmpty() ? Optional.empty()
                    : Optional.of("the answer uses " + unknown + ", which the problem and the reasoning never name");
        }
    },
    /**
     * What {@link StateDetector} refutes in the thinking or the response: a numeric claim that exact arithmetic
     * refutes ({@code 12 * 7 = 86}), a one-letter variable asserted with two different numbers in the same scope, or
     * two different stated answers, with no revision ("wait", "actually", ...) in between. A variable being iterated
     * ("For n = 1, ... For n = 2, ...", "x = 9: 1944, not a square") and values in different cases are not
     * contradictions, so correct enumeration and trial-and-check traces are kept.
     */
    CONTRADICTORY_STEPS("contradictory-steps") {
        @Override
        Optional<String> find(Subject s) {
            for (String text : List.of(s.trace.thinking(), s.trace.response())) {
                Optional<String> found = DETECTOR.errors(text).stream().findFirst()
                        .map(e -> e.kind().name().toLowerCase(Locale.ROOT) + ": '" + e.text() + "' (" + e.explanation() + ")");
                if (found.isPresent()) return found;
            }
            return Optional.empty();
        }
    };

    private static final StateDetector DETECTOR = new StateDetector();

    private final String reason;

    QualityRule(String reason) {
        this.reason = reason;
    }

    /** The name a drop records ({@code broken-latex}, ...). */
    public String reason() {
        return reason;
    }

    /** What this rule finds wrong with {@code trace} for {@code problem} (answers checked by reference only), or nothing. */
    public Optional<String> check(Problem problem, Trace trace) {
        return find(new Subject(problem, trace, AnswerCheck.referenceOnly()));
    }

    /** Whether this rule is about the example's form (thinking, a final answer where sweep and evaluation read it). */
    public boolean aboutForm() {
        return FORM.contains(this);
    }

    /**
     * The rules an example must pass to be a training example at all, whatever else is wrong with it: the sets
     * without the quality filter (the {@code random}, {@code full} and {@code no-quality} ablations) still need them.
     */
    static final java.util.Set<QualityRule> FORM = java.util.EnumSet.of(EMPTY_TRACE, EMPTY_THINKING, MISSING_ANSWER, UNBOXED_ANSWER);

    abstract Optional<String> find(Subject s);

    /** A problem and its trace, with the trace's final answer extracted and checked once for all rules. */
    static final class Subject {
        final Problem problem;
        final Trace trace;
        final Optional<String> answer;
        final AnswerCheck.Result result;

        Subject(Problem problem, Trace trace, AnswerCheck check) {
            this.problem = problem;
            this.trace = trace;
            ThinkingSplit response = ThinkingFormat.splitAny(trace.response());
            this.answer = check.answer(problem, response);
            this.result = check.check(problem, response);
        }

        String solution() {
            return problem.metadata().getOrDefault("solution", "");
        }
    }
}
