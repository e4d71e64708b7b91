package org.reasonbridge.grading;

import org.reasonbridge.data.Boxes;
import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a model's completion. The thinking is cut off first ({@code </think>}, s1's
 * {@code <|im_start|>answer}, by {@link ThinkingFormat}'s one split rule), so an answer the model only considered while
 * thinking is never graded; a completion cut off mid-thought has no answer. Then the most explicit convention
 * present wins: {@code \boxed}, {@code \fbox}, {@code ####}, "Final Answer:", "The answer is" (see {@link Extraction.Rule}).
 */
public final class AnswerExtractor {
    private static final Pattern BARE_BOXED = Pattern.compile("\\\\boxed ([^\\s${][^\\s$]*)");
    private static final Pattern HASHES = Pattern.compile("####\\s*([^\\n]+)");
    private static final Pattern FINAL_ANSWER = Pattern.compile("(?i)final answer\\s*:\\s*([^\\n]*)");
    private static final Pattern ANSWER_IS = Pattern.compile("(?i)the (?:final |correct )?answer is\\s*:?\\s*([^\\n]*?)(?:\\.(?:\\s|$)|\\n|$)");
    private static final Pattern HOPE = Pattern.compile("(?i)\\.?\\s*I hope it is correct\\.?\\s*$");
    private static final Pattern INLINE_MATH = Pattern.compile("^\\$+((?:\\\\.|[^$\\\\])+)\\$+"); // an escaped dollar inside belongs to the answer
    private static final String LETTER = "\\(?([A-J])\\)?";
    private static final Pattern[] CHOICE = {
            Pattern.compile("(?i:answer(?: is)?|choice is|option is)\\s*:?\\s*\\**\\s*" + LETTER + "(?![A-Za-z])"),
            Pattern.compile("\\*\\*\\s*" + LETTER + "[.:)]?\\s*\\*\\*"),
            Pattern.compile("\\(([A-J])\\)"),
            Pattern.compile("^\\s*" + LETTER + "[.:]?\\s*$"),
    };

    /** The answer in a whole completion, after its thinking; empty when there is none. */
    public Optional<Extraction> extract(String completion) {
        return extract(ThinkingFormat.splitAny(completion));
    }

    /** The answer in a completion already split (e.g. knowing that its prompt opened the thinking). */
    public Optional<Extraction> extract(ThinkingSplit completion) {
        return extractFromAnswer(completion.answer());
    }

    /** The answer in text that is already the answer part (no thinking in it). */
    public Optional<Extraction> extractFromAnswer(String answer) {
        Optional<String> boxed = lastBraced(answer, "\\boxed"), fbox = lastBraced(answer, "\\fbox");
        int boxedAt = Math.max(boxed.isPresent() ? answer.lastIndexOf("\\boxed{") : -1, answer.lastIndexOf("\\boxed {"));
        Matcher bare = BARE_BOXED.matcher(answer);
        int bareAt = -1;
        String bareValue = null;
        while (bare.find()) {
            bareAt = bare.start();
            bareValue = bare.group(1);
        }
        if (bareAt > boxedAt && bareValue != null) return found(bareValue, Extraction.Rule.BOXED);
        if (boxed.isPresent() && (fbox.isEmpty() || boxedAt > answer.lastIndexOf("\\fbox"))) {
            return found(MathSpans.lastBoxes(answer).orElse(boxed.get()), Extraction.Rule.BOXED); // \boxed{1}, \boxed{2}: a set
        }
        if (fbox.isPresent()) return found(fbox.get(), Extraction.Rule.FBOX);
        Optional<String> hashes = last(HASHES, answer);
        if (hashes.isPresent()) return found(hashes.get(), Extraction.Rule.HASHES);
        Optional<String> finalAnswer = last(FINAL_ANSWER, answer).map(this::sentence);
        if (finalAnswer.isPresent()) {
            Optional<String> inner = last(ANSWER_IS, finalAnswer.get()); // Minerva: "Final Answer: The final answer is 5."
            return found(inner.map(this::sentence).orElse(finalAnswer.get()), Extraction.Rule.FINAL_ANSWER);
        }
        return last(ANSWER_IS, answer).map(this::sentence).flatMap(a -> found(a, Extraction.Rule.ANSWER_IS));
    }

    /**
     * {@link #extract}, falling back the way Math-Verify does where the completion is prose: with no convention, or
     * a "Final Answer:" / "The answer is" sentence that is prose itself ("The largest $n$ is 34"), the last LaTeX
     * math or plain number in it ({@link Extraction.Rule#LAST_MATH}, {@link Extraction.Rule#LAST_NUMBER}). Text that
     * is one answer written out ({@code x = 5}, {@code 2x+3}) yields nothing here: it is its own answer.
     */
    public Optional<Extraction> extractLenient(String completion) {
        return extractLenient(ThinkingFormat.splitAny(completion));
    }

    /** {@link #extractLenient(String)} of a completion already split. */
    public Optional<Extraction> extractLenient(ThinkingSplit completion) {
        String answer = completion.answer();
        Optional<Extraction> explicit = extractFromAnswer(answer);
        if (explicit.isPresent() && (explicit.get().rule() == Extraction.Rule.BOXED || explicit.get().rule() == Extraction.Rule.FBOX)) {
            return explicit;
        }
        String text = explicit.map(Extraction::answer).orElse(answer);
        if (!MathSpans.isProse(text)) return explicit;
        Optional<Extraction> last = MathSpans.last(text);
        return last.isPresent() ? last : explicit;
    }

    /**
     * A multiple-choice letter (A-J) in the completion's answer part: inside a box, or in a common phrasing;
     * the last such phrase wins. Falls back to nothing rather than guessing from any capital letter.
     */
    public Optional<Extraction> extractChoice(String completion) {
        return extractChoice(ThinkingFormat.splitAny(completion));
    }

    /** {@link #extractChoice(String)} of a completion already split. */
    public Optional<Extraction> extractChoice(ThinkingSplit completion) {
        String answer = completion.answer();
        Optional<Extraction> general = extractFromAnswer(answer);
        if (general.isPresent()) {
            String text = AnswerNormalizer.normalize(general.get().answer());
            Matcher m = Pattern.compile("^" + LETTER + "(?:[.:)]|\\s|$)").matcher(text);
            if (m.find()) return Optional.of(new Extraction(m.group(1), Extraction.Rule.CHOICE_LETTER));
        }
        for (Pattern p : CHOICE) {
            Optional<String> letter = last(p, answer);
            if (letter.isPresent()) return Optional.of(new Extraction(letter.get(), Extraction.Rule.CHOICE_LETTER));
        }
        return Optional.empty();
    }

    /** The content of the last {@code command{...}}; {@link Boxes} owns the brace matching. */
    private static Optional<String> lastBraced(String text, String command) {
        if (!text.contains(command)) return Optional.empty();
        return Boxes.last(text, command).map(b -> b.content(text));
    }

    private static Optional<String> last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        String out = null;
        while (m.find()) out = m.group(1);
        return Optional.ofNullable(out);
    }

    /** "5$. I hope it is correct." to "5": the answer without the sentence around it. */
    private String sentence(String rest) {
        String s = HOPE.matcher(rest.strip()).replaceFirst("").strip();
        Matcher math = INLINE_MATH.matcher(s);
        if (math.find()) return math.group(1).strip();
        while (s.endsWith(".") || s.endsWith("$")) s = s.substring(0, s.length() - 1).strip();
        while (s.startsWith("$")) s = s.substring(1).strip();
        return s;
    }

    private static Optional<Extraction> found(String answer, Extraction.Rule rule) {
        return answer.isBlank() ? Optional.empty() : Optional.of(new Extraction(answer, rule));
    }
}
