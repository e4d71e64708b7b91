package org.reasonbridge.analysis;

import org.reasonbridge.eval.Sample;
import org.reasonbridge.levels.LevelSpan;
import org.reasonbridge.levels.SegmentedTrace;
import org.reasonbridge.levels.TagFormatException;
import org.reasonbridge.levels.TagSegmenter;
import org.reasonbridge.levels.TraceParts;
import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Splits a trace into steps and gives each a {@link StepType} by rules on its text, for the case study (the paper's
 * Figure 5). A step is a non-blank line of the thinking: the teacher writes one step per line, and open reasoning
 * models write one paragraph per line. The thinking is found by {@link TraceParts} ({@code <think>} or s1 markers;
 * a response with neither is all thinking) and its level tags are read by {@link TagSegmenter}, whose level
 * serves as a fallback when no rule speaks.
 *
 * <p>The rules are tried in order and the first match decides. Strong rules first: "Plan:" (decomposition), explicit
 * error words (backtracking) before check words (verification), so "Wait, that is wrong" is a backtrack and "Wait,
 * let me recheck" a check, then hesitation openers (backtracking). Then the step's level tag when it has one
 * (strategic: decomposition, tactical: approach, operational: calculation), since the model's own label says more
 * than the weak rules: goal phrases (decomposition), set-up phrases and computations named but not carried out
 * (approach), arithmetic with a result or a true/false deduction (calculation). Then digits mean calculation,
 * anything else decomposition. Measured on a small hand-labelled set
 * (see StepClassifierTest), not a benchmark: treat its counts as indicative.
 */
public final class StepClassifier {
    /** One rule: a type and the pattern that gives it, with a name that says why. */
    public record Rule(String name, StepType type, Pattern pattern) {
    }

    private static final int CI = Pattern.CASE_INSENSITIVE;

    /** Rules that outrank a step's level tag: a plan, an error, a check, a hesitation say what a step does. */
    private static final List<Rule> STRONG = List.of(
            rule("decomposition: plan", StepType.DECOMPOSITION, "\\bplan:"),
            rule("backtracking: error", StepType.BACKTRACKING, "\\b(wrong|mistake|mistaken|incorrect|not right|error|"
                    + "miscalculat\\w*|misread|i missed|missed that|oops|redo|recompute|start over|scratch that|"
                    + "can'?t be right|cannot be right|doesn'?t work|does not work|doesn'?t fit|does not fit|"
                    + "contradict\\w*|this case fails|reconsider|on second thought|go back)\\b|\\b(no|nope), (the|that|it|wait)\\b"),
            rule("verification: check", StepType.VERIFICATION, "\\b(check\\w*|re-?check\\w*|verif\\w*|confirm\\w*|"
                    + "double-check\\w*|sanity|plug\\w* (it |this |that |them |\\w )?back|substitut\\w* back|it holds|"
                    + "both conditions hold|holds\\.|consistent|matches|as it should|it works|indeed|^only the case .* fits|, yes\\b)"),
            rule("backtracking: hesitation", StepType.BACKTRACKING, "^(wait|hmm|hold on|actually|but wait)\\b"));

    /** Rules a step's level tag outranks. */
    private static final List<Rule> WEAK = List.of(
            rule("decomposition: goal", StepType.DECOMPOSITION, "^(we|i) (need|have|want) to\\b|"
                    + "\\b(need to (find|figure out|compute|determine|know))\\b|^(okay|ok|so),? (so )?(i|we) need\\b|"
                    + "\\b(the (problem|question) (asks|wants|is asking)|we are (asked|given)|we're (asked|given)|"
                    + "asked (for|to find)|let me (understand|break|restate|figure out)|break (this|it) (into|down)|"
                    + "there are (two|three|four|\\d+) parts|the goal|to solve this)\\b|\\bneeds the\\b"),
            rule("approach: set-up", StepType.APPROACH, "^(let|suppose|assume|consider|denote|define|use|using|apply|"
                    + "subtract|add|divide|multiply|pick|count|try|fix|treat|set|write|list|reduce|take|start|find)\\b|"
                    + "\\b(let \\w+ be|we can use|i'?ll (use|look|list|try|divide|set|apply|count)|let'?s (use|try|set|write|"
                    + "consider|count|apply)|set up|the formula|formula|theorem|approach|method|strategy|complementary|"
                    + "both sides|choices of|is an? \\w+ (sequence|series|progression))\\b|"
                    + ":\\s*(add|subtract|multiply|divide|reduce)\\b"),
            // a computation named but not carried out: an operator between numbers, or in words, and no result
            rule("approach: computation to do", StepType.APPROACH, "^(?!.*=)(?!.*\\b(answer|so|therefore|thus|hence)\\b)"
                    + "(.*\\d\\s*[-+*/×÷^]\\s*\\d|.*\\b(times|plus|minus|divided by)\\b)"),
            rule("calculation: arithmetic", StepType.CALCULATION, "\\d\\s*[-+*/×÷^!]\\s*\\(?\\d|=\\s*-?\\(?\\d|\\d\\s*=|"
                    + "\\b(so the answer is|the answer is|therefore|thus|hence)\\b"),
            rule("calculation: deduction", StepType.CALCULATION, "\\b(true|false)\\b|\\bso \\w+ is (a|an|the)\\b"));

    private final List<Rule> strong, weak;

    private StepClassifier(List<Rule> strong, List<Rule> weak) {
        this.strong = List.copyOf(strong);
        this.weak = List.copyOf(weak);
    }

    /** The rules above, in their order. */
    public static StepClassifier standard() {
        return new StepClassifier(STRONG, WEAK);
    }

    /** Other rules, all tried in order before the level and digit fallbacks. */
    public static StepClassifier of(List<Rule> rules) {
        return new StepClassifier(rules, List.of());
    }

    /** Other rules: {@code strong} before a step's level tag, {@code weak} after it. */
    public static StepClassifier of(List<Rule> strong, List<Rule> weak) {
        return new StepClassifier(strong, weak);
    }

    /** Every rule in the order tried (the level tag comes between the strong and the weak ones). */
    public List<Rule> rules() {
        List<Rule> all = new ArrayList<>(strong);
        all.addAll(weak);
        return all;
    }

    private static Rule rule(String name, StepType type, String regex) {
        return new Rule(name, type, Pattern.compile(regex, CI));
    }

    /** The type of one step and the rule that decided it; {@code level} is the step's tag level, or null. */
    public ReasoningStep classify(int index, String step, ReasoningLevel level) {
        String text = step.strip();
        for (Rule r : strong) {
            if (r.pattern().matcher(text).find()) return new ReasoningStep(index, text, level, r.type(), r.name());
        }
        if (level != null && level.isThinking()) {
            StepType t = switch (level) {
                case STRATEGIC -> StepType.DECOMPOSITION;
                case TACTICAL -> StepType.APPROACH;
                default -> StepType.CALCULATION;
            };
            return new ReasoningStep(index, text, level, t, "level: " + level.id());
        }
        for (Rule r : weak) {
            if (r.pattern().matcher(text).find()) return new ReasoningStep(index, text, level, r.type(), r.name());
        }
        boolean digits = text.chars().anyMatch(Character::isDigit);
        return new ReasoningStep(index, text, level, digits ? StepType.CALCULATION : StepType.DECOMPOSITION,
                digits ? "fallback: digits" : "fallback: no digits");
    }

    /** {@link #classify(int, String, ReasoningLevel)} of a lone step, without a level. */
    public StepType classify(String step) {
        return classify(0, step, null).type();
    }

    /**
     * The steps of a model's response: its thinking (the whole response when it has no thinking markers), level
     * tags read and removed (a trace whose tags break the format has them cut out and gets no levels), one step
     * per non-blank line.
     */
    public List<ReasoningStep> steps(String response) {
        TraceParts parts = TraceParts.split(response);
        String thinking = parts.format() == TraceParts.Format.NONE ? response : parts.thinking();
        // a model that thought but said nothing after: its thinking is the trace; an answer-only reply: the answer
        if (thinking.isBlank()) thinking = parts.answer();
        SegmentedTrace seg;
        try {
            seg = TagSegmenter.hasTags(thinking) ? TagSegmenter.create().segment(thinking) : null;
        } catch (TagFormatException e) {
            seg = null;
            thinking = TagSegmenter.withoutTags(thinking);
        }
        String text = seg == null ? thinking : seg.text();
        List<ReasoningStep> out = new ArrayList<>();
        int at = 0;
        for (String line : text.split("\n", -1)) {
            int start = at;
            at += line.length() + 1;
            if (line.isBlank()) continue;
            ReasoningLevel level = null;
            if (seg != null) {
                int first = start + (line.length() - line.stripLeading().length());
                Optional<LevelSpan> span = seg.spanAt(first);
                if (span.isPresent() && LevelSpan.TAGGED.equals(span.get().source())) level = span.get().level();
            }
            out.add(classify(out.size(), line, level));
        }
        return out;
    }

    /** The steps of a logged sample: the endpoint's separate reasoning when it has one, else its completion. */
    public List<ReasoningStep> steps(Sample s) {
        String r = s.reasoning();
        return steps(r != null && !r.isBlank() ? r : s.completion() == null ? "" : s.completion());
    }
}
