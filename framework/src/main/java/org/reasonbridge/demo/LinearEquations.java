package org.reasonbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linear equations in x with a positive integer root: "Ann finds the root of 3(x + 4) = 2x + 20. What is Ann's root?". The
 * level is the
 * equation's form: {@code x + b = c} or {@code ax = c} (one operation), {@code ax + b = c} (two), {@code ax + b =
 * cx + d} (three), {@code a(x + b) = cx + d} (four), {@code a(x + b) = c(x - f) + d} (six).
 */
final class LinearEquations implements Generator {
    enum Form { SHIFT, SCALE, AFFINE, BOTH, BRACKET, BRACKETS }

    /**
     * {@code a(x + b) = c(x - f) + d} and its special cases; unused coefficients are 0.
     *
     * @param a the left coefficient of x (1 for SHIFT)
     * @param b the left constant (inside the bracket for BRACKET and BRACKETS)
     * @param c the right coefficient of x (0 for the first three forms)
     * @param f the constant inside the right bracket (BRACKETS only)
     * @param d the right constant
     */
    record Equation(int level, String name, Form form, int a, int b, int c, int f, int d) implements Exercise {
        @Override
        public MiniDomain domain() {
            return MiniDomain.LINEAR;
        }

        @Override
        public String text() {
            return name + " finds the root of " + left() + " = " + right() + ". What is " + name + "'s root?";
        }

        private String left() {
            return switch (form) {
                case SHIFT -> "x + " + b;
                case SCALE -> a + "x";
                case AFFINE, BOTH -> a + "x + " + b;
                case BRACKET, BRACKETS -> a + "(x + " + b + ")";
            };
        }

        private String right() {
            return switch (form) {
                case SHIFT, SCALE, AFFINE -> Integer.toString(d);
                case BOTH, BRACKET -> x(c) + " + " + d;
                case BRACKETS -> c + "(x - " + f + ") + " + d;
            };
        }

        private static String x(int coefficient) {
            return coefficient == 1 ? "x" : coefficient + "x";
        }

        /** The root, by exact division (the world only states equations whose root is whole). */
        int root() {
            int constants = switch (form) {
                case SHIFT, SCALE, AFFINE, BOTH -> d - b;
                case BRACKET -> d - a * b;
                case BRACKETS -> d - c * f - a * b;
            };
            return constants / (a - c);
        }

        @Override
        public String answer() {
            return Integer.toString(root());
        }

        @Override
        public Solution solution() {
            int x = root();
            List<Solution.Step> steps = new ArrayList<>();
            int constant = b;                 // the left constant once brackets are gone
            int right = d;                    // the right constant once brackets are gone
            if (form == Form.BRACKET || form == Form.BRACKETS) {
                constant = a * b;
                String rest = form == Form.BRACKET ? x(c) + " + " + d : c + "(x - " + f + ") + " + d;
                steps.add(new Solution.Step("Expand " + a + "(x + " + b + ").",
                        a + " * " + b + " = " + constant + ", so " + a + "x + " + constant + " = " + rest + "."));
            }
            if (form == Form.BRACKETS) {
                int cf = c * f;
                right = d - cf;
                steps.add(new Solution.Step("Expand " + c + "(x - " + f + ").",
                        c + " * " + f + " = " + cf + ", so the right side is " + c + "x - " + cf + " + " + d + "."));
                steps.add(new Solution.Step("Combine the numbers on the right.",
                        d + " - " + cf + " = " + right + ", so " + a + "x + " + constant + " = " + x(c) + " + " + right + "."));
            }
            int g = a - c;
            if (c > 0) {
                steps.add(new Solution.Step("Subtract " + x(c) + " from both sides.",
                        a + " - " + c + " = " + g + ", so " + x(g) + " + " + constant + " = " + right + "."));
            }
            int e = right - constant;
            if (constant > 0) {
                steps.add(new Solution.Step("Subtract " + constant + " from both sides.",
                        right + " - " + constant + " = " + e + ", so " + (g == 1 ? "x = " + e : g + "x = " + e) + "."));
            }
            if (g > 1) {
                steps.add(new Solution.Step("Divide both sides by " + g + ".", e + " / " + g + " = " + x + ", so x = " + x + "."));
            }
            String plan = name + " needs the x that makes both sides equal. Plan: "
                    + (form.ordinal() >= Form.BRACKET.ordinal() ? "expand the brackets, " : "")
                    + (c > 0 ? "move the x terms to the left and the numbers to the right, " : "move the numbers to the right, ")
                    + (g > 1 ? "then divide." : "then read off x.");
            int lhs = switch (form) {
                case SHIFT -> x + b;
                case SCALE -> a * x;
                case AFFINE, BOTH -> a * x + b;
                case BRACKET, BRACKETS -> a * (x + b);
            };
            String leftCheck = switch (form) {
                case SHIFT -> x + " + " + b;
                case SCALE -> a + " * " + x;
                case AFFINE, BOTH -> a + " * " + x + " + " + b;
                case BRACKET, BRACKETS -> a + " * (" + x + " + " + b + ")";
            };
            String rightCheck = switch (form) {
                case SHIFT, SCALE, AFFINE -> null;
                case BOTH, BRACKET -> c + " * " + x + " + " + d;
                case BRACKETS -> c + " * (" + x + " - " + f + ") + " + d;
            };
            String check = leftCheck + " = " + lhs + (rightCheck == null ? "" : " and " + rightCheck + " = " + lhs) + ".";
            return new Solution(plan, steps, check, answer());
        }

        /** The right side misread so that the root comes out one larger. */
        @Override
        public Optional<Exercise> misread() {
            return Optional.of(new Equation(level, name, form, a, b, c, f, d + (a - c)));
        }
    }

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        String name = Vocabulary.name(r);
        int x = Vocabulary.between(r, 1, level <= 2 ? 40 : 15);
        return switch (level) {
            case 1 -> {
                if (r.nextBoolean()) {
                    int b = Vocabulary.between(r, 1, 60);
                    yield new Equation(1, name, Form.SHIFT, 1, b, 0, 0, x + b);
                }
                int a = Vocabulary.between(r, 2, 12);
                yield new Equation(1, name, Form.SCALE, a, 0, 0, 0, a * x);
            }
            case 2 -> {
                int a = Vocabulary.between(r, 2, 12), b = Vocabulary.between(r, 1, 60);
                yield new Equation(2, name, Form.AFFINE, a, b, 0, 0, a * x + b);
            }
            default -> {
                int a = Vocabulary.between(r, level == 5 ? 4 : 3, 9);
                int c = Vocabulary.between(r, level == 5 ? 2 : 1, a - 2);
                if (level == 3) {
                    int b = Vocabulary.between(r, 1, 30);
                    yield new Equation(3, name, Form.BOTH, a, b, c, 0, (a - c) * x + b);
                }
                int b = Vocabulary.between(r, 1, 9);
                if (level == 4) yield new Equation(4, name, Form.BRACKET, a, b, c, 0, (a - c) * x + a * b);
                int f = Vocabulary.between(r, 1, Math.max(1, Math.min(9, x)));
                yield new Equation(5, name, Form.BRACKETS, a, b, c, f, (a - c) * x + a * b + c * f);
            }
        };
    }

    // ---- reading

    private static final String N = "(\\d+)";
    private static final Pattern EQUATION = Pattern.compile(Vocabulary.NAME + " finds the root of ([^=]+) = ([^.?]+)\\. What is "
            + Vocabulary.NAME + "'s root\\?");
    private static final Pattern[] FORMS = {
            Pattern.compile("x \\+ " + N + " = " + N),
            Pattern.compile(N + "x = " + N),
            Pattern.compile(N + "x \\+ " + N + " = " + N),
            Pattern.compile(N + "x \\+ " + N + " = (\\d*)x \\+ " + N),
            Pattern.compile(N + "\\(x \\+ " + N + "\\) = (\\d*)x \\+ " + N),
            Pattern.compile(N + "\\(x \\+ " + N + "\\) = " + N + "\\(x - " + N + "\\) \\+ " + N)};

    @Override
    public Optional<Exercise> read(String text) {
        Matcher m = EQUATION.matcher(text);
        if (!m.find() || !m.group(1).equals(m.group(4))) return Optional.empty();
        String name = m.group(1), eq = m.group(2) + " = " + m.group(3);
        for (Form form : Form.values()) {
            Matcher f = FORMS[form.ordinal()].matcher(eq);
            if (!f.matches()) continue;
            int[] v = new int[f.groupCount()];
            for (int i = 0; i < v.length; i++) v[i] = f.group(i + 1).isEmpty() ? 1 : Integer.parseInt(f.group(i + 1));
            Equation e = switch (form) {
                case SHIFT -> new Equation(1, name, form, 1, v[0], 0, 0, v[1]);
                case SCALE -> new Equation(1, name, form, v[0], 0, 0, 0, v[1]);
                case AFFINE -> new Equation(2, name, form, v[0], v[1], 0, 0, v[2]);
                case BOTH -> new Equation(3, name, form, v[0], v[1], v[2], 0, v[3]);
                case BRACKET -> new Equation(4, name, form, v[0], v[1], v[2], 0, v[3]);
                case BRACKETS -> new Equation(5, name, form, v[0], v[1], v[2], v[3], v[4]);
            };
            return whole(e) ? Optional.of(e) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether the equation has the world's kind of root: a positive integer, with x on the left after moving. */
    private static boolean whole(Equation e) {
        int g = e.a - e.c;
        if (g <= 0) return false;
        int constants = switch (e.form) {
            case SHIFT, SCALE, AFFINE, BOTH -> e.d - e.b;
            case BRACKET -> e.d - e.a * e.b;
            case BRACKETS -> e.d - e.c * e.f - e.a * e.b;
        };
        return constants > 0 && constants % g == 0;
    }
}
