package org.reasonbridge.demo;

import org.reasonbridge.data.Fingerprint;
import org.reasonbridge.data.ThinkingFormat;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The mini world's teacher: it reads a problem in any domain's phrasing, solves it exactly, and writes a
 * hierarchical trace in the project's tag format, with the occasional recheck or corrected slip, and, at the
 * {@link TeacherStyle}'s rates, one of the {@link Flaw}s the quality filter must catch. Text it cannot read gets an
 * honest reply without an answer. Deterministic: the same prompt always gets the same reply. Thread-safe.
 */
public final class MiniTeacher {
    /** What the teacher says. */
    public record Reply(String thinking, String response, String finishReason, Flaw flaw, Exercise exercise) {
        /** The words of thinking and response: the token count the server reports. */
        public int tokens() {
            return words(thinking) + words(response);
        }

        /** Cut to {@code maxTokens} words, as a server with a token limit cuts a completion. */
        public Reply limitedTo(int maxTokens) {
            if (tokens() <= maxTokens) return this;
            String[] w = thinking.split("(?<=\\s)");
            StringBuilder sb = new StringBuilder();
            int kept = 0;
            for (String part : w) {
                if (!part.isBlank() && kept++ >= maxTokens) break;
                sb.append(part);
            }
            return new Reply(sb.toString().strip(), "", "length", flaw, exercise);
        }

        static int words(String s) {
            return s.isBlank() ? 0 : s.strip().split("\\s+").length;
        }
    }

    private final TeacherStyle style;

    public MiniTeacher(TeacherStyle style) {
        this.style = style;
    }

    public TeacherStyle style() {
        return style;
    }

    /** The reply to {@code prompt} (a problem text, perhaps with other text around it). */
    public Reply answer(String prompt) {
        Optional<Exercise> read = MiniDomain.read(prompt);
        if (read.isEmpty()) {
            String thinking = "This is not a problem in a form I can read, so I cannot work it out.";
            if (style.tagged()) thinking = "<strategic>\n" + thinking + "\n</strategic>";
            return new Reply(thinking, "I cannot solve this problem.", "stop", null, null);
        }
        Exercise e = read.get();
        SplittableRandom r = new SplittableRandom(style.seed() ^ Long.parseUnsignedLong(Fingerprint.of(prompt), 16));
        Flaw flaw = pick(r.nextDouble());
        String boxed = answerLine(e.answer());
        TraceWriter w = new TraceWriter(e.solution());
        if (flaw == null || flaw == Flaw.BROKEN_LATEX || flaw == Flaw.MISSING_ANSWER) {
            double u = r.nextDouble();
            if (u < style.recheckRate()) w.recheck(r);
            else if (u < style.recheckRate() + style.slipRate()) w.slip(r);
        }
        if (flaw == null) return new Reply(w.render(style.tagged()), boxed, "stop", null, e);
        return switch (flaw) {
            case TRUNCATED -> new Reply(TraceWriter.truncate(w.render(style.tagged()), r), "", "length", flaw, e);
            case WRONG_ANSWER -> {
                Optional<Exercise> misread = e.misread();
                if (misread.isPresent()) {
                    yield new Reply(new TraceWriter(misread.get().solution()).render(style.tagged()),
                            answerLine(misread.get().answer()), "stop", flaw, e);
                }
                // no small misreading changes the answer: the right work, then a careless wrong final answer
                Optional<String> other = e.wrongAnswer();
                if (other.isEmpty()) yield new Reply(w.render(style.tagged()), boxed, "stop", null, e);
                yield new Reply(w.render(style.tagged()), answerLine(other.get()), "stop", flaw, e);
            }
            // the answer line with its box left open
            case BROKEN_LATEX -> new Reply(w.render(style.tagged()), answerLine(e.answer()).replace("}.", "."), "stop", flaw, e);
            case MISSING_ANSWER -> new Reply(w.render(style.tagged()), "I worked it out step by step above.", "stop", flaw, e);
            case CONTRADICTORY_STEPS -> {
                if (!w.slipUncorrected(r)) {
                    Optional<String> wrong = e.wrongAnswer();
                    if (wrong.isEmpty()) yield new Reply(w.render(style.tagged()), boxed, "stop", null, e);
                    w.prematureAnswer(wrong.get());
                }
                yield new Reply(w.render(style.tagged()), boxed, "stop", flaw, e);
            }
            case DEGENERATE_REPETITION -> {
                w.loop(r);
                yield new Reply(w.render(style.tagged()), boxed, "stop", flaw, e);
            }
        };
    }

    /**
     * The line a reply's response is, {@code Final Answer: \boxed{x}.}: s1's lead-in, which budget forcing and guided
     * intervention force when they end the thinking, so a student that learned from these replies answers a forced
     * end as it answers its own.
     */
    static String answerLine(String answer) {
        return ThinkingFormat.FINAL_ANSWER + " \\boxed{" + answer + "}.";
    }

    private Flaw pick(double u) {
        double at = 0;
        for (Map.Entry<Flaw, Double> f : style.flawRates().entrySet()) {
            at += f.getValue();
            if (u < at) return f.getKey();
        }
        return null;
    }
}
