package org.reasonbridge.inference;

import org.reasonbridge.exact.Rational;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.reasonbridge.inference.Evidence.Kind;

/**
 * The {@code UNADDRESSED_CONDITION} rule: a given of the problem that the thinking never mentions. Givens are the
 * numbers of the problem's prose and the capitalised names inside its sentences. Numbers inside a formula
 * ({@code x² - 5x + 3 = 0}, {@code 1/3 + 1/9 + ...}, {@code n ≤ 20}) are left out: a solution transforms a formula
 * rather than restating its coefficients. So are 0 and 1, which rarely carry a condition, and the limits of a range
 * ("below 30", "between 50 and 150"), which a search inside the range uses without naming. A percentage p% counts as
 * mentioned when the thinking has p, p/100, 1 + p/100 or 1 - p/100 (a 20% rise is "× 1.2").
 */
final class Conditions {
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)");
    private static final Pattern NAME = Pattern.compile("\\b[A-Z][a-z]+\\b");
    /** Characters that put a number inside a formula when they sit next to it. */
    private static final String MATH = "=+-−*/×·÷^<>≤≥≠²³√()[]{}|!";

    private Conditions() {
    }

    /** Every number of {@code problem}, as exact values, formulas included: a calculation landing on one meets a given. */
    static Set<String> values(String problem) {
        Set<String> out = new HashSet<>();
        Matcher n = NUMBER.matcher(problem);
        while (n.find()) out.add(value(n.group(1)));
        return out;
    }

    /** Adds an {@code UNADDRESSED_CONDITION} for each given of {@code problem} that {@code thinking} never mentions. */
    static void unaddressed(String problem, String thinking, List<Evidence> out) {
        Set<String> mentioned = values(thinking);
        Set<String> reported = new HashSet<>();
        Matcher p = NUMBER.matcher(problem);
        while (p.find()) {
            Rational exact = Rational.parse(p.group(1).replace(",", ""));
            String value = exact.toString();
            if (value.equals("0") || value.equals("1") || inFormula(problem, p.start(), p.end()) || bound(problem, p.start())) continue;
            boolean percent = p.end() < problem.length() && problem.charAt(p.end()) == '%'
                    || problem.startsWith(" percent", p.end());
            if (mentioned.contains(value) || percent && mentionedAsRate(exact, mentioned)) continue;
            if (reported.add(value)) {
                out.add(new Evidence(Kind.UNADDRESSED_CONDITION, p.start(), p.end(), p.group(),
                        "the problem's number " + p.group() + " never appears in the thinking"));
            }
        }
        String lower = thinking.toLowerCase(Locale.ROOT);
        Matcher name = NAME.matcher(problem);
        while (name.find()) {
            int b = name.start() - 1;
            while (b >= 0 && Character.isWhitespace(problem.charAt(b))) b--;
            boolean sentenceStart = b < 0 || ".!?:\"".indexOf(problem.charAt(b)) >= 0;
            if (!sentenceStart && !lower.contains(name.group().toLowerCase(Locale.ROOT)) && reported.add(name.group())) {
                out.add(new Evidence(Kind.UNADDRESSED_CONDITION, name.start(), name.end(), name.group(),
                        "the problem names " + name.group() + ", which the thinking never mentions"));
            }
        }
    }

    /** A limit of a range ("below 30", "between 50 and 150", "from 1 to 100"): a search inside it uses it without naming it. */
    private static final Pattern BOUND = Pattern.compile("\\b(?:below|under|less\\s+than|smaller\\s+than|greater\\s+than|above|at\\s+most"
            + "|at\\s+least|up\\s+to|between|from|to|through|and)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("\\b(?:below|under|less\\s+than|smaller\\s+than|greater\\s+than|above|at\\s+most"
            + "|at\\s+least|up\\s+to|between|from)\\s*$", Pattern.CASE_INSENSITIVE);

    private static boolean bound(String problem, int start) {
        String before = problem.substring(Math.max(0, start - 40), start);
        Matcher m = BOUND.matcher(before);
        if (!m.find()) return false;
        String word = m.group().strip().toLowerCase(Locale.ROOT);
        if (!word.equals("to") && !word.equals("and") && !word.equals("through")) return true;
        // "to", "and", "through" close a range only after its opening number: "from 1 to 100", "between 50 and 150"
        String head = before.substring(0, m.start()).replaceAll("[\\d,.\\s]+$", "");
        return word.equals("and") ? head.toLowerCase(Locale.ROOT).endsWith("between") : RANGE.matcher(head).find()
                || head.toLowerCase(Locale.ROOT).endsWith("from");
    }

    private static String value(String literal) {
        return Rational.parse(literal.replace(",", "")).toString();
    }

    /** p% as p/100, 1 + p/100 or 1 - p/100. */
    private static boolean mentionedAsRate(Rational p, Set<String> mentioned) {
        Rational rate = p.divide(Rational.of(100));
        return mentioned.contains(rate.toString()) || mentioned.contains(Rational.ONE.add(rate).toString())
                || mentioned.contains(Rational.ONE.subtract(rate).toString());
    }

    /** A number glued to a letter ({@code 5x}, {@code x2}) or with an operator beside it is part of a formula. */
    private static boolean inFormula(String text, int start, int end) {
        if (start > 0 && (Character.isLetter(text.charAt(start - 1)) || text.charAt(start - 1) == '^')) return true;
        if (end < text.length() && Character.isLetter(text.charAt(end)) && !text.startsWith("st", end)
                && !text.startsWith("nd", end) && !text.startsWith("rd", end) && !text.startsWith("th", end)) {
            return true;
        }
        int b = start - 1;
        while (b >= 0 && text.charAt(b) == ' ') b--;
        int a = end;
        while (a < text.length() && text.charAt(a) == ' ') a++;
        return b >= 0 && MATH.indexOf(text.charAt(b)) >= 0 || a < text.length() && MATH.indexOf(text.charAt(a)) >= 0;
    }
}
