package org.reasonbridge.grading;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A normalised scalar answer cut at its top-level relation signs: {@code x ≥ 5} is operands [x, 5] with
 * operators [≥]; {@code 5} has one operand and no operator. Relations are written with one character each by
 * {@link AnswerNormalizer#relations}. Greater-than forms are read backwards ({@code x > 1} is {@code 1 < x}), so
 * that each relation has one canonical direction.
 */
record Relation(List<String> operands, List<Character> operators) {
    private static final String SIGNS = "=<>≤≥≠";
    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[a-zA-Z](?:_\\{?\\w+\\}?)?|\\\\[a-z]+|[a-zA-Z]\\([a-z]\\)|\\|[a-z]\\|");

    Relation {
        operands = List.copyOf(operands);
        operators = List.copyOf(operators);
    }

    static Relation of(String s, Deadline d) {
        List<String> operands = new ArrayList<>();
        List<Character> operators = new ArrayList<>();
        int depth = 0, from = 0;
        for (int i = 0; i < s.length(); i++) {
            if ((i & 1023) == 0) d.check();
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth = Math.max(0, depth - 1);
            else if (depth == 0 && SIGNS.indexOf(c) >= 0) {
                operands.add(s.substring(from, i).strip());
                operators.add(c);
                from = i + 1;
            }
        }
        operands.add(s.substring(from).strip());
        return new Relation(operands, operators);
    }

    boolean isRelation() {
        return !operators.isEmpty();
    }

    boolean isEquation() {
        return isRelation() && operators.stream().allMatch(c -> c == '=');
    }

    /** An inequality or chain of them, all pointing one way ({@code a < x ≤ b}), or a single {@code ≠}. */
    boolean isInequality() {
        if (!isRelation() || operators.contains('=')) return false;
        if (operators.contains('≠')) return operators.size() == 1;
        boolean less = operators.stream().allMatch(c -> c == '<' || c == '≤');
        boolean greater = operators.stream().allMatch(c -> c == '>' || c == '≥');
        return less || greater;
    }

    /** The same inequality written with {@code <} and {@code ≤} only. */
    Relation ascending() {
        if (operators.stream().noneMatch(c -> c == '>' || c == '≥')) return this;
        List<String> operands = new ArrayList<>(this.operands);
        Collections.reverse(operands);
        List<Character> operators = new ArrayList<>();
        for (int i = this.operators.size() - 1; i >= 0; i--) operators.add(this.operators.get(i) == '>' ? '<' : '≤');
        return new Relation(operands, operators);
    }

    /**
     * An equation chain as Math-Verify reads it: {@code x = 5+5+1 = 11} is the assignment {@code x = 11}; a chain
     * that does not start with a name ({@code 1 = 2 - 1 = 0}) is its last value.
     */
    String reducedChain() {
        String last = operands.get(operands.size() - 1);
        if (!isEquation() || operators.size() < 2) return null;
        String first = operands.get(0);
        return isName(first) ? first + " = " + last : last;
    }

    /** {@code x < 3} as {@code (-\infty, 3)}, {@code -2 ≤ x ≤ 7} as {@code [-2, 7]}: one variable between constants. */
    Optional<String> asInterval() {
        if (!isInequality() || operators.contains('≠')) return Optional.empty();
        Relation r = ascending();
        List<String> o = r.operands();
        List<Character> ops = r.operators();
        if (ops.size() == 1) {
            if (isName(o.get(0)) && !isName(o.get(1))) return Optional.of("(-\\infty, " + o.get(1) + (ops.get(0) == '<' ? ")" : "]"));
            if (isName(o.get(1)) && !isName(o.get(0))) return Optional.of((ops.get(0) == '<' ? "(" : "[") + o.get(0) + ", \\infty)");
            return Optional.empty();
        }
        if (ops.size() == 2 && isName(o.get(1)) && !isName(o.get(0)) && !isName(o.get(2))) {
            return Optional.of((ops.get(0) == '<' ? "(" : "[") + o.get(0) + ", " + o.get(2) + (ops.get(1) == '<' ? ")" : "]"));
        }
        return Optional.empty();
    }

    /** A variable as an answer names it: {@code x}, {@code a_1}, {@code \theta}, {@code f(x)}, {@code |z|}. */
    static boolean isName(String s) {
        return NAME.matcher(s).matches();
    }
}
