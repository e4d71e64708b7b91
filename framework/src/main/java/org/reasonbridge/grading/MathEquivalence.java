package org.reasonbridge.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whether two final answers are the same mathematical object: MATH-reference normalisation, then structure
 * (ordered lists and tuples, intervals whose bracket types must match, order-free sets and unions, matrices,
 * equations up to a non-zero factor), then values: exact rationals when both sides are rational, otherwise
 * floating point at fixed pseudo-random points (relative tolerance 1e-9). Deterministic, and bounded: every
 * comparison gives up (answers "not equivalent") after its deadline. The policy for each kind, and where it
 * departs from the MATH reference, PRM800K and Qwen2.5-Math graders, is in {@code POLICY.md} beside this class.
 * Percentages: {@code 10\%} is the number 10; no rescaling by 100.
 */
public final class MathEquivalence {
    /** Generous for answers (a typical comparison takes microseconds), short enough for a grading run. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(1);
    private static final int POINTS = 8, MIN_VALID_POINTS = 3, MAX_ELEMENTS = 256;
    private static final double TOLERANCE = 1e-9;
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?\\d+,\\d+");

    private final long budgetNanos;

    public MathEquivalence() {
        this(DEFAULT_DEADLINE);
    }

    /** @param deadline the most one comparison may take; past it the answer is "not equivalent" */
    public MathEquivalence(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline must be positive: " + deadline);
        this.budgetNanos = deadline.toNanos();
    }

    /** Whether {@code pred} and {@code gold} (final answers, not whole completions) are equivalent. */
    public boolean equivalent(String pred, String gold) {
        if (pred == null || gold == null) return false;
        Deadline deadline = new Deadline(budgetNanos);
        try {
            return same(AnswerNormalizer.normalize(pred), AnswerNormalizer.normalize(gold), deadline);
        } catch (Deadline.Exceeded | StackOverflowError gaveUp) {
            return false;
        }
    }

    // ---- structure

    /** {@code a} is the prediction's side and {@code b} the reference's: one rule below is not symmetric. */
    private boolean same(String a, String b, Deadline d) {
        d.check();
        if (AnswerNormalizer.compact(a).equals(AnswerNormalizer.compact(b))) return true;
        // (p,q) = (3,2) is the tuple, V_1:V_2 = 11:21 the ratio: the names go unless both sides name differently
        Optional<NamedAnswers.Named> na = NamedAnswers.of(a, d), nb = NamedAnswers.of(b, d);
        if (na.isPresent() || nb.isPresent()) {
            boolean sameNames = na.isEmpty() || nb.isEmpty()
                    || AnswerNormalizer.compact(na.get().names()).equals(AnswerNormalizer.compact(nb.get().names()));
            if (sameNames) return same(na.map(NamedAnswers.Named::value).orElse(a), nb.map(NamedAnswers.Named::value).orElse(b), d);
        }
        // A + B, A B of written-out matrices: the matrix they equal
        Optional<String> ma = MatrixArithmetic.evaluate(a, d), mb = MatrixArithmetic.evaluate(b, d);
        if (ma.isPresent() || mb.isPresent()) return same(ma.orElse(a), mb.orElse(b), d);
        Shape sa = Shape.of(a, d), sb = Shape.of(b, d);
        // a \pm b is the set {a + b, a - b}; only one \pm, in a single answer
        Optional<String> pa = sa.kind() == Shape.Kind.SCALAR ? NamedAnswers.plusMinus(a) : Optional.empty();
        Optional<String> pb = sb.kind() == Shape.Kind.SCALAR ? NamedAnswers.plusMinus(b) : Optional.empty();
        if (pa.isPresent() || pb.isPresent()) return same(pa.orElse(a), pb.orElse(b), d);
        if (sa.kind() != sb.kind()) return acrossKinds(a, sa, b, sb, d);
        if (!sa.open().equals(sb.open()) || !sa.close().equals(sb.close())) return false;
        if (sa.kind() == Shape.Kind.SCALAR) return scalar(sa.parts().get(0), sb.parts().get(0), d);
        if (sa.parts().size() != sb.parts().size() || sa.parts().size() > MAX_ELEMENTS) return false;
        return sa.ordered() ? pairwise(sa.parts(), sb.parts(), d) : matching(sa.parts(), sb.parts(), d);
    }

    /**
     * Answers of different shapes that still name one object: an inequality and its interval
     * ({@code x ≤ 5} = {@code (-\infty, 5]}), a set and a bare list of the same elements, a decimal comma
     * ({@code 1,22} = {@code 1.22}, only against a single number, so {@code 1,2} stays a list elsewhere).
     */
    private boolean acrossKinds(String a, Shape sa, String b, Shape sb, Deadline d) {
        if (sa.kind() == Shape.Kind.SCALAR || sb.kind() == Shape.Kind.SCALAR) {
            Optional<String> ia = Relation.of(a, d).asInterval(), ib = Relation.of(b, d).asInterval();
            if (ia.isPresent() && sb.kind() != Shape.Kind.SCALAR) return same(ia.get(), b, d);
            if (ib.isPresent() && sa.kind() != Shape.Kind.SCALAR) return same(a, ib.get(), d);
            if (DECIMAL_COMMA.matcher(a).matches() && sb.kind() == Shape.Kind.SCALAR) return scalar(a.replace(',', '.'), b, d);
            if (DECIMAL_COMMA.matcher(b).matches() && sa.kind() == Shape.Kind.SCALAR) return scalar(a, b.replace(',', '.'), d);
            return false;
        }
        boolean setAndList = (sa.kind() == Shape.Kind.SET && sb.kind() == Shape.Kind.LIST)
                || (sa.kind() == Shape.Kind.LIST && sb.kind() == Shape.Kind.SET);
        if (!setAndList || sa.parts().size() != sb.parts().size() || sa.parts().size() > MAX_ELEMENTS) return false;
        return matching(sa.parts(), sb.parts(), d);
    }

    private boolean pairwise(List<String> a, List<String> b, Deadline d) {
        for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i), d)) return false;
        return true;
    }

    /** Order-free: every element of {@code a} pairs with a distinct equivalent element of {@code b}. */
    private boolean matching(List<String> a, List<String> b, Deadline d) {
        boolean[] used = new boolean[b.size()];
        outer:
        for (String x : a) {
            for (int j = 0; j < b.size(); j++) {
                if (!used[j] && same(x, b.get(j), d)) {
                    used[j] = true;
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    // ---- scalars and equations

    private boolean scalar(String a, String b, Deadline d) {
        Relation ra = Relation.of(a, d), rb = Relation.of(b, d);
        if (ra.reducedChain() != null) ra = Relation.of(a = ra.reducedChain(), d);
        if (rb.reducedChain() != null) rb = Relation.of(b = rb.reducedChain(), d);
        if (ra.isInequality() || rb.isInequality()) return ra.isInequality() && rb.isInequality() && inequalities(ra, rb, d);
        boolean bothEquations = ra.isEquation() && rb.isEquation();
        if (!bothEquations) { // "x = 5" vs "5"; but "y = 2x+1" vs "2y = 4x+2" compares as equations
            a = AnswerNormalizer.dropNamePrefix(a);
            b = AnswerNormalizer.dropNamePrefix(b);
        }
        if (AnswerNormalizer.compact(a).equals(AnswerNormalizer.compact(b))) return true;
        if (isWords(a) && isWords(b)) return a.equalsIgnoreCase(b); // names: "Evelyn" = "evelyn"
        int ea = Shape.topLevel(a, "=", d), eb = Shape.topLevel(b, "=", d);
        // a predicted "2 + 3 = 5" against the reference 5 is its result, as Math-Verify reads it; not the other way
        if (!bothEquations && ea >= 0 && eb < 0 && a.indexOf('=', ea + 1) < 0) {
            a = a.substring(ea + 1).strip();
            ea = -1;
        }
        try {
            if (ea >= 0 || eb >= 0) {
                return ea >= 0 && eb >= 0 && proportional(difference(a, ea, d), difference(b, eb, d), false, d);
            }
            return values(ExprParser.parse(a, d), ExprParser.parse(b, d), d);
        } catch (ExprParser.Unparsable notAFormula) {
            return false;
        }
    }

    /**
     * Both written ascending ({@code 5 ≤ x} for {@code x ≥ 5}): a single relation matches when the operators agree
     * and lhs - rhs are positive multiples of each other (any non-zero multiple for {@code ≠}), so
     * {@code -x > -1} = {@code x < 1}; a chain ({@code a < x ≤ b}) matches operand by operand.
     */
    private boolean inequalities(Relation ra, Relation rb, Deadline d) {
        Relation a = ra.ascending(), b = rb.ascending();
        if (!a.operators().equals(b.operators())) return false;
        try {
            if (a.operators().size() == 1) {
                MathExpr da = new MathExpr.Bin('-', ExprParser.parse(a.operands().get(0), d), ExprParser.parse(a.operands().get(1), d));
                MathExpr db = new MathExpr.Bin('-', ExprParser.parse(b.operands().get(0), d), ExprParser.parse(b.operands().get(1), d));
                return proportional(da, db, a.operators().get(0) != '≠', d);
            }
        } catch (ExprParser.Unparsable notAFormula) {
            return false;
        }
        for (int i = 0; i < a.operands().size(); i++) if (!scalar(a.operands().get(i), b.operands().get(i), d)) return false;
        return true;
    }

    private static MathExpr difference(String equation, int eq, Deadline d) {
        if (equation.indexOf('=', eq + 1) >= 0) throw new ExprParser.Unparsable("more than one '='");
        return new MathExpr.Bin('-', ExprParser.parse(equation.substring(0, eq), d), ExprParser.parse(equation.substring(eq + 1), d));
    }

    private static boolean values(MathExpr a, MathExpr b, Deadline d) {
        try {
            return MathExpr.exact(a, d).compareTo(MathExpr.exact(b, d)) == 0;
        } catch (MathExpr.NotExact notRational) {
            // fall through to floating point
        }
        List<double[]> points = evaluate(a, b, d);
        if (points == null) return false;
        for (double[] p : points) if (!close(p[0], p[1])) return false;
        return !points.isEmpty();
    }

    /**
     * Whether {@code a} is a constant non-zero multiple of {@code b} (a positive one when {@code positive}): equations
     * compare their (lhs - rhs) this way, inequalities too, with a positive factor so the direction is kept.
     */
    private static boolean proportional(MathExpr a, MathExpr b, boolean positive, Deadline d) {
        List<double[]> points = evaluate(a, b, d);
        if (points == null) return false;
        Double ratio = null;
        int used = 0;
        for (double[] p : points) {
            boolean za = Math.abs(p[0]) < 1e-12, zb = Math.abs(p[1]) < 1e-12;
            if (za && zb) continue;
            if (za || zb) return false;
            if (ratio == null) ratio = p[0] / p[1];
            else if (!close(p[0] / p[1], ratio)) return false;
            if (positive && ratio < 0) return false;
            used++;
        }
        return used >= MIN_VALID_POINTS;
    }

    /**
     * (a, b) at the fixed points, skipping points where both are undefined; null when only one side is defined
     * somewhere (sqrt(x^2) vs x) or too few points are usable. A variable-free pair has one point.
     */
    private static List<double[]> evaluate(MathExpr a, MathExpr b, Deadline d) {
        TreeSet<String> names = new TreeSet<>();
        MathExpr.variables(a, names);
        MathExpr.variables(b, names);
        SplittableRandom random = new SplittableRandom(0x5EEDL); // fixed: the same verdict on every run
        List<double[]> out = new ArrayList<>();
        int rounds = names.isEmpty() ? 1 : POINTS;
        for (int i = 0; i < rounds; i++) {
            Map<String, Double> at = new TreeMap<>();
            for (String name : names) {
                double magnitude = 0.5 + 2 * random.nextDouble();
                at.put(name, i % 2 == 0 ? magnitude : -magnitude);
            }
            double x = MathExpr.real(a, at, d), y = MathExpr.real(b, at, d);
            if (Double.isNaN(x) && Double.isNaN(y)) continue;
            if (Double.isNaN(x) || Double.isNaN(y)) return null;
            out.add(new double[]{x, y});
        }
        return names.isEmpty() || out.size() >= MIN_VALID_POINTS ? out : null;
    }

    private static boolean close(double x, double y) {
        if (x == y) return true; // equal infinities included
        if (!Double.isFinite(x) || !Double.isFinite(y)) return false;
        double diff = Math.abs(x - y);
        return diff <= 1e-12 || diff <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
    }

    private static boolean isWords(String s) {
        if (s.length() < 2) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetter(c) && c != ' ') return false;
        }
        return true;
    }
}
