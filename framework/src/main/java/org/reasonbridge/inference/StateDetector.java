package org.reasonbridge.inference;


import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.reasonbridge.inference.Evidence.Kind;

/**
 * Reads the reasoning state from the thinking so far (and, optionally, the problem) with transparent text rules.
 * Each rule yields {@link Evidence}:
 * <ul>
 * <li>{@code ARITHMETIC_ERROR}: a numeric claim ({@code 12 * 7 = 86}, {@code 1/2 + 1/3 = 5/6}, {@code 2^10 = 1024})
 *     that exact rational arithmetic refutes (see {@link ArithmeticClaims} for what counts as unambiguous), unless
 *     a revision marker ("wait", "actually", "mistake", ...) follows it;</li>
 * <li>{@code CONTRADICTION}: the same one-letter variable asserted with two different values in the same scope, or
 *     two different stated answers, with no revision marker in between ({@link Contradictions}: a variable being
 *     iterated, "For n = 1, ... For n = 2, ...", and values in different cases are not contradictions);</li>
 * <li>{@code UNCERTAINTY}: a hedge that is still the thinking's latest stance ({@link Hedges}: a doubt not followed by
 *     a check; a "maybe" that proposes a step or is followed by more work does not count);</li>
 * <li>{@code NO_ANSWER}: no answer statement, nor a concluding sentence that gives a value ({@link Conclusions});</li>
 * <li>{@code UNADDRESSED_CONDITION}: a number in the problem's prose (not inside a formula; not 0 or 1), or a
 *     capitalised name inside a sentence, that the thinking never mentions (numbers compared by value; p% is
 *     also mentioned as p/100, 1 + p/100 or 1 - p/100);</li>
 * <li>{@code UNVERIFIED_CALCULATION}: the last complex calculation ({@link ArithmeticClaims}: one a person would
 *     redo) has no verification after the start of its sentence (so a calculation that is itself a check counts as
 *     checked), and does not reproduce a number of the problem (a trial that meets the problem's target is a check).</li>
 * </ul>
 * The state is the first that applies, in this order: an error or contradiction → {@code UNVERIFIED} (check the
 * work before anything else); a hedge → {@code UNCERTAIN} (redirect); no answer or an unused condition →
 * {@code PARTIAL} (extend); an unchecked complex calculation → {@code UNVERIFIED}; else {@code COMPLETE}. All
 * evidence found is reported, not only the deciding one. How well these rules agree with hand-labelled trace
 * endings is measured by the test {@code StateJudgementsTest}. Stateless and thread-safe.
 */
public final class StateDetector {
    /** Hedges, matched case-insensitively on word boundaries: doubts first, then tentative words (see {@link Hedges}). */
    public static final Pattern HEDGES = Pattern.compile("\\b(" + Hedges.DOUBTS + "|" + Hedges.TENTATIVE + ")\\b",
            Pattern.CASE_INSENSITIVE);
    /** Words and marks that check work: check, verify, confirm, double-check, substitute/plug back, ✓, "matches". */
    public static final Pattern VERIFICATION = Pattern.compile("\\b(double[- ]check\\w*|check(?:s|ed|ing)?|verif\\w*"
            + "|confirm\\w*|sanity|substitut\\w*[^.\\n]{0,30}\\bback|plug\\w*[^.\\n]{0,30}\\b(?:back|in)|match(?:es|ed)?"
            + "|consistent|agrees?|same\\s+(?:answer|result|value)|both\\s+(?:give|ways|methods))\\b|[✓✔]",
            Pattern.CASE_INSENSITIVE);
    /** Words that revise earlier work, so a changed value is a correction rather than a contradiction. */
    public static final Pattern REVISION = Pattern.compile("\\b(wait|actually|mistake|correct(?:ion|ed|ing)?|oops"
            + "|wrong|instead|redo|re-?calculat\\w*|recomput\\w*|alternatively|no,|let me re\\w*)", Pattern.CASE_INSENSITIVE);
    /** Words that make a sentence hypothetical (case analysis, alternatives, several roots). */
    public static final Pattern HYPOTHETICAL = Pattern.compile("\\b(if|suppose|assum\\w*|case|try|trying|when|either|or"
            + "|roots?|solutions?|possible|could)\\b", Pattern.CASE_INSENSITIVE);
    /** An explicit answer statement, for {@code NO_ANSWER} ({@link Conclusions} also reads concluding sentences). */
    public static final Pattern ANSWER_STATEMENT = Pattern.compile("\\\\boxed\\{|\\bfinal answer\\b|\\banswer is\\b"
            + "|\\banswer\\b[*_]*\\s*(?:\\([^)\\n]{0,20}\\)\\s*)?[*_]*\\s*[:=]", Pattern.CASE_INSENSITIVE);
    /** A check announced but not done: "I should have double-checked", "without checking". */
    private static final Pattern UNDONE = Pattern.compile("\\b(?:should|would|could|must|need\\s+to|needs\\s+to|have\\s+to"
            + "|haven['’]t|didn['’]t|did\\s+not|not|never|forgot\\s+to|without)\\s+(?:have\\s+|be\\s+|to\\s+)?(?:\\w+\\s+)?$",
            Pattern.CASE_INSENSITIVE);

    /** Assesses thinking without a problem text (no {@code UNADDRESSED_CONDITION} rule). */
    public Assessment assess(String thinking) {
        return assess(thinking, null);
    }

    /**
     * The refuted steps alone ({@link Kind#ARITHMETIC_ERROR}, {@link Kind#CONTRADICTION}), without the other
     * rules: what a quality filter over thousands of long traces needs.
     */
    public List<Evidence> errors(String thinking) {
        String text = TextSpans.normalise(thinking);
        List<Evidence> errors = new ArrayList<>();
        errors(text, ArithmeticClaims.find(thinking), new TextSpans.Occurrences(REVISION, text), errors);
        return raw(errors, thinking);
    }

    private static void errors(String text, List<ArithmeticClaims.Claim> claims, TextSpans.Occurrences revisions, List<Evidence> out) {
        for (ArithmeticClaims.Claim c : claims) {
            if (!c.holds() && !revisions.after(c.end())) {
                out.add(new Evidence(Kind.ARITHMETIC_ERROR, c.start(), c.end(), c.text(),
                        "the left side is " + c.left() + ", not " + c.right()));
            }
        }
        Contradictions.find(text, revisions, out);
    }

    /** Assesses {@code thinking}; {@code problem} may be null. */
    public Assessment assess(String thinking, String problem) {
        String text = TextSpans.normalise(thinking);
        List<Evidence> errors = new ArrayList<>();
        List<Evidence> uncertain = new ArrayList<>();
        List<Evidence> partial = new ArrayList<>();
        List<Evidence> unchecked = new ArrayList<>();
        List<ArithmeticClaims.Claim> claims = ArithmeticClaims.find(thinking);
        // each pattern scanned once: asking "is there one after here?" per claim would rescan the rest of a long trace
        TextSpans.Occurrences checks = checks(text);
        errors(text, claims, new TextSpans.Occurrences(REVISION, text), errors);
        Hedges.find(text, checks, uncertain);
        if (!Conclusions.stated(text)) {
            partial.add(new Evidence(Kind.NO_ANSWER, thinking.length(), thinking.length(), "",
                    "no answer statement (\"the answer is\", \"answer:\", \\boxed{}) nor a concluding value yet"));
        }
        Set<String> given = problem == null ? Set.of() : Conditions.values(problem);
        if (problem != null) Conditions.unaddressed(problem, text, partial);
        ArithmeticClaims.Claim lastComplex = null;
        for (ArithmeticClaims.Claim c : claims) if (c.holds() && c.complex()) lastComplex = c;
        // a check before the calculation in its own sentence ("Let me verify: 84 / 7 = 12") also counts, and so does
        // a calculation that lands on a number of the problem (a trial meeting the target)
        if (lastComplex != null && !checks.after(TextSpans.sentenceStart(text, lastComplex.start()))
                && !given.contains(lastComplex.right().toString()) && !given.contains(lastComplex.left().toString())) {
            unchecked.add(new Evidence(Kind.UNVERIFIED_CALCULATION, lastComplex.start(), lastComplex.end(),
                    lastComplex.text(), "a complex calculation with no check after it"));
        }
        ReasoningState state = !errors.isEmpty() ? ReasoningState.UNVERIFIED
                : !uncertain.isEmpty() ? ReasoningState.UNCERTAIN
                : !partial.isEmpty() ? ReasoningState.PARTIAL
                : !unchecked.isEmpty() ? ReasoningState.UNVERIFIED
                : ReasoningState.COMPLETE;
        List<Evidence> all = new ArrayList<>(raw(errors, thinking));
        all.addAll(raw(uncertain, thinking));
        all.addAll(partial);
        all.addAll(unchecked);
        return new Assessment(state, all);
    }

    /** Where the text checks work, leaving out checks only announced or regretted ("should have checked"). */
    private static TextSpans.Occurrences checks(String text) {
        return new TextSpans.Occurrences(VERIFICATION, text, at -> {
            int from = Math.max(TextSpans.sentenceStart(text, at), at - 30);
            return !UNDONE.matcher(text.substring(from, at)).find();
        });
    }

    /** The evidence with its text taken from the raw thinking (the rules read a normalised copy of the same length). */
    private static List<Evidence> raw(List<Evidence> found, String thinking) {
        List<Evidence> out = new ArrayList<>(found.size());
        for (Evidence e : found) {
            out.add(new Evidence(e.kind(), e.start(), e.end(), thinking.substring(e.start(), e.end()), e.explanation()));
        }
        return out;
    }
}
