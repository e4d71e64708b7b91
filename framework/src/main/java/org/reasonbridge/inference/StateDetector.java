package org.reasonbridge.inference;

import org.reasonbridge.exact.Rational;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.reasonbridge.inference.Evidence.Kind;

/**
 * Reads the reasoning state from the thinking so far (and, optionally, the problem) with transparent text rules.
 * Each rule yields {@link Evidence}:
 * <ul>
 * <li>{@code ARITHMETIC_ERROR}: a numeric claim ({@code 12 * 7 = 86}, {@code 1/2 + 1/3 = 5/6}, {@code 2^10 = 1024})
 *     that exact rational arithmetic refutes (see {@link ArithmeticClaims} for what counts as unambiguous), unless
 *     a revision marker ("wait", "actually", "mistake", ...) follows it;</li>
 * <li>{@code CONTRADICTION}: a one-letter variable set to a number twice with different values ({@code x = 3} ...
 *     {@code x = 5}), or two different stated answers, with no revision marker in between and neither in a
 *     hypothetical sentence ("if", "suppose", "case", "or", "roots", ...);</li>
 * <li>{@code UNCERTAINTY}: a hedge ({@link #HEDGES}) with no verification marker ({@link #VERIFICATION}) after it;</li>
 * <li>{@code NO_ANSWER}: no answer statement ("the answer is", "answer:", "final answer", {@code \boxed{}});</li>
 * <li>{@code UNADDRESSED_CONDITION}: a number, or a capitalised name inside a sentence, of the problem that the
 *     thinking never mentions (numbers compared by value);</li>
 * <li>{@code UNVERIFIED_CALCULATION}: the last complex calculation (two or more operators, an operand of three or
 *     more digits, a power, a division or a decimal) has no verification marker after the start of its sentence
 *     (so a calculation that is itself a check counts as checked).</li>
 * </ul>
 * The state is the first that applies, in this order: an error or contradiction → {@code UNVERIFIED} (check the
 * work before anything else); a hedge → {@code UNCERTAIN} (redirect); no answer or an unused condition →
 * {@code PARTIAL} (extend); an unchecked complex calculation → {@code UNVERIFIED}; else {@code COMPLETE}. All
 * evidence found is reported, not only the deciding one. Stateless and thread-safe.
 */
public final class StateDetector {
    /** Hedges, matched case-insensitively on word boundaries; longer phrases first. */
    public static final Pattern HEDGES = Pattern.compile("\\b(i['’]m not (?:sure|certain)|i am not (?:sure|certain)"
            + "|not (?:sure|certain|confident)|unsure|uncertain|this might be|might be|may be|maybe|perhaps|possibly"
            + "|probably|i think|i guess|i suppose|i believe|it seems|seems like|could be wrong)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Words that check work: check, verify, confirm, double-check, substitute/plug back. */
    public static final Pattern VERIFICATION = Pattern.compile("\\b(double[- ]check\\w*|check(?:s|ed|ing)?|verif\\w*"
            + "|confirm\\w*|sanity|substitut\\w*[^.\\n]{0,30}\\bback|plug\\w*[^.\\n]{0,30}\\b(?:back|in))\\b",
            Pattern.CASE_INSENSITIVE);
    /** Words that revise earlier work, so a changed value is a correction rather than a contradiction. */
    public static final Pattern REVISION = Pattern.compile("\\b(wait|actually|mistake|correct(?:ion|ed|ing)?|oops"
            + "|wrong|instead|redo|re-?calculat\\w*|recomput\\w*|alternatively|no,|let me re\\w*)", Pattern.CASE_INSENSITIVE);
    /** Words that make a sentence hypothetical (case analysis, alternatives, several roots). */
    public static final Pattern HYPOTHETICAL = Pattern.compile("\\b(if|suppose|assum\\w*|case|try|trying|when|either|or"
            + "|roots?|solutions?|possible|could)\\b", Pattern.CASE_INSENSITIVE);
    /** An answer statement, for {@code NO_ANSWER}. */
    public static final Pattern ANSWER_STATEMENT = Pattern.compile("\\\\boxed\\{|\\bfinal answer\\b|\\banswer is\\b"
            + "|\\banswer\\s*[:=]", Pattern.CASE_INSENSITIVE);

    private static final Pattern ANSWER_VALUE = Pattern.compile("\\\\boxed\\{([^}]*)}|\\banswer\\s*(?:is|=|:)\\s*\\$?"
            + "(?:\\\\boxed\\{([^}]*)}|\\(?(-?\\d+(?:[./]\\d+)?|[A-E])\\)?(?![A-Za-z0-9]))", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASSIGNMENT = Pattern.compile("(?<![A-Za-z0-9_\\\\^.])([A-Za-z])\\s*=\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)");
    private static final Pattern NAME = Pattern.compile("\\b[A-Z][a-z]+\\b");

    /** Assesses thinking without a problem text (no {@code UNADDRESSED_CONDITION} rule). */
    public Assessment assess(String thinking) {
        return assess(thinking, null);
    }

    /**
     * The refuted steps alone ({@link Kind#ARITHMETIC_ERROR}, {@link Kind#CONTRADICTION}), without the other
     * rules: what a quality filter over thousands of long traces needs.
     */
    public List<Evidence> errors(String thinking) {
        List<Evidence> errors = new ArrayList<>();
        errors(thinking, ArithmeticClaims.find(thinking), new Occurrences(REVISION, thinking), errors);
        return errors;
    }

    private static void errors(String thinking, List<ArithmeticClaims.Claim> claims, Occurrences revisions, List<Evidence> out) {
        for (ArithmeticClaims.Claim c : claims) {
            if (!c.holds() && !revisions.after(c.end())) {
                out.add(new Evidence(Kind.ARITHMETIC_ERROR, c.start(), c.end(), c.text(),
                        "the left side is " + c.left() + ", not " + c.right()));
            }
        }
        contradictions(thinking, revisions, out);
    }

    /** Assesses {@code thinking}; {@code problem} may be null. */
    public Assessment assess(String thinking, String problem) {
        List<Evidence> errors = new ArrayList<>();
        List<Evidence> uncertain = new ArrayList<>();
        List<Evidence> partial = new ArrayList<>();
        List<Evidence> unchecked = new ArrayList<>();
        List<ArithmeticClaims.Claim> claims = ArithmeticClaims.find(thinking);
        // each pattern scanned once: asking "is there one after here?" per claim would rescan the rest of a long trace
        Occurrences verifications = new Occurrences(VERIFICATION, thinking);
        errors(thinking, claims, new Occurrences(REVISION, thinking), errors);
        Matcher hedge = HEDGES.matcher(thinking);
        while (hedge.find()) {
            if (!verifications.after(hedge.end())) {
                uncertain.add(new Evidence(Kind.UNCERTAINTY, hedge.start(), hedge.end(), hedge.group(),
                        "a hedge that no later check resolves"));
            }
        }
        if (!ANSWER_STATEMENT.matcher(thinking).find()) {
            partial.add(new Evidence(Kind.NO_ANSWER, thinking.length(), thinking.length(), "",
                    "no answer statement (\"the answer is\", \"answer:\", \\boxed{}) yet"));
        }
        if (problem != null) unaddressed(problem, thinking, partial);
        ArithmeticClaims.Claim lastComplex = null;
        for (ArithmeticClaims.Claim c : claims) if (c.holds() && c.complex()) lastComplex = c;
        // a check before the calculation in its own sentence ("Let me verify: 84 / 7 = 12") also counts
        if (lastComplex != null && !verifications.after(sentenceStart(thinking, lastComplex.start()))) {
            unchecked.add(new Evidence(Kind.UNVERIFIED_CALCULATION, lastComplex.start(), lastComplex.end(),
                    lastComplex.text(), "a complex calculation with no check after it"));
        }
        ReasoningState state = !errors.isEmpty() ? ReasoningState.UNVERIFIED
                : !uncertain.isEmpty() ? ReasoningState.UNCERTAIN
                : !partial.isEmpty() ? ReasoningState.PARTIAL
                : !unchecked.isEmpty() ? ReasoningState.UNVERIFIED
                : ReasoningState.COMPLETE;
        List<Evidence> all = new ArrayList<>(errors);
        all.addAll(uncertain);
        all.addAll(partial);
        all.addAll(unchecked);
        return new Assessment(state, all);
    }

    /** Where a pattern matches in a text (left to right, not overlapping), for questions about positions. */
    private static final class Occurrences {
        private final int[] starts;
        private final int[] ends;

        Occurrences(Pattern p, String text) {
            List<int[]> found = new ArrayList<>();
            Matcher m = p.matcher(text);
            while (m.find()) found.add(new int[]{m.start(), m.end()});
            starts = found.stream().mapToInt(r -> r[0]).toArray();
            ends = found.stream().mapToInt(r -> r[1]).toArray();
        }

        /** Whether a match starts at or after {@code from}. */
        boolean after(int from) {
            return starts.length > 0 && starts[starts.length - 1] >= from;
        }

        /** Whether a match lies wholly within {@code [from, to)}. */
        boolean within(int from, int to) {
            int i = java.util.Arrays.binarySearch(starts, from);
            if (i < 0) i = -i - 1;
            return i < starts.length && ends[i] <= to;
        }
    }

    private static int sentenceStart(String text, int at) {
        int s = at;
        while (s > 0 && !sentenceEnd(text, s - 1)) s--;
        return s;
    }

    /** The sentence around {@code at}: a full stop (not a decimal point), '!', '?' or a newline ends one. */
    private static String sentenceAround(String text, int at) {
        int s = at;
        while (s > 0 && !sentenceEnd(text, s - 1)) s--;
        int e = at;
        while (e < text.length() && !sentenceEnd(text, e)) e++;
        return text.substring(s, e);
    }

    private static boolean sentenceEnd(String text, int i) {
        char c = text.charAt(i);
        if (c == '.') return i + 1 >= text.length() || !Character.isDigit(text.charAt(i + 1));
        return c == '!' || c == '?' || c == '\n';
    }

    private static void contradictions(String text, Occurrences revisions, List<Evidence> out) {
        record Value(String value, int start, int end) {
        }
        Map<String, Value> last = new HashMap<>();
        Matcher m = ASSIGNMENT.matcher(text);
        while (m.find()) {
            if (!standalone(text, m) || HYPOTHETICAL.matcher(sentenceAround(text, m.start())).find()) continue;
            String value = Rational.parse(m.group(2)).toString();
            Value before = last.put(m.group(1), new Value(value, m.start(), m.end()));
            if (before != null && !before.value.equals(value) && !revisions.within(before.end, m.start())) {
                out.add(new Evidence(Kind.CONTRADICTION, m.start(), m.end(), m.group(),
                        m.group(1) + " was " + before.value + " earlier, with no correction in between"));
            }
        }
        Value answer = null;
        Matcher a = ANSWER_VALUE.matcher(text);
        while (a.find()) {
            if (HYPOTHETICAL.matcher(sentenceAround(text, a.start())).find()) continue;
            String raw = a.group(1) != null ? a.group(1) : a.group(2) != null ? a.group(2) : a.group(3);
            String value = raw.replaceAll("[\\s$()]", "").replaceAll("\\.$", "").toLowerCase();
            if (answer != null && !answer.value.equals(value) && !revisions.within(answer.end, a.start())) {
                out.add(new Evidence(Kind.CONTRADICTION, a.start(), a.end(), a.group(),
                        "the answer was " + answer.value + " earlier, with no correction in between"));
            }
            answer = new Value(value, a.start(), a.end());
        }
    }

    /** {@code x = 3} alone: not part of an equation ({@code 2 + x = 5}) nor followed by more terms ({@code x = 3 + y}). */
    private static boolean standalone(String text, Matcher m) {
        int b = m.start() - 1;
        while (b >= 0 && text.charAt(b) == ' ') b--;
        if (b >= 0 && "+-*/^×·÷(=<>".indexOf(text.charAt(b)) >= 0) return false;
        int e = m.end();
        if (e < text.length() && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '/')) return false;
        while (e < text.length() && text.charAt(e) == ' ') e++;
        return e >= text.length() || "+-*/^×·÷(=".indexOf(text.charAt(e)) < 0;
    }

    private static void unaddressed(String problem, String thinking, List<Evidence> out) {
        Set<String> mentioned = new HashSet<>();
        Matcher n = NUMBER.matcher(thinking);
        while (n.find()) mentioned.add(Rational.parse(n.group(1).replace(",", "")).toString());
        Set<String> reported = new HashSet<>();
        Matcher p = NUMBER.matcher(problem);
        while (p.find()) {
            String value = Rational.parse(p.group(1).replace(",", "")).toString();
            if (!mentioned.contains(value) && reported.add(value)) {
                out.add(new Evidence(Kind.UNADDRESSED_CONDITION, p.start(), p.end(), p.group(),
                        "the problem's number " + p.group() + " never appears in the thinking"));
            }
        }
        String lower = thinking.toLowerCase();
        Matcher name = NAME.matcher(problem);
        while (name.find()) {
            int b = name.start() - 1;
            while (b >= 0 && Character.isWhitespace(problem.charAt(b))) b--;
            boolean sentenceStart = b < 0 || ".!?:\"".indexOf(problem.charAt(b)) >= 0;
            if (!sentenceStart && !lower.contains(name.group().toLowerCase()) && reported.add(name.group())) {
                out.add(new Evidence(Kind.UNADDRESSED_CONDITION, name.start(), name.end(), name.group(),
                        "the problem names " + name.group() + ", which the thinking never mentions"));
            }
        }
    }
}
