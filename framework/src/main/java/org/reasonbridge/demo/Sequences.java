package org.reasonbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequences: "Ann writes an arithmetic sequence: 14, 27, 40, ... What is term 12 of Ann's sequence?". Level 1: the
 * next term (three operations, the difference checked on the third term); 2: term n (five); 3: the sum of the first
 * n terms (eight); 4: term n of a geometric sequence (eight to ten); 5: the sum of the first n terms of a geometric
 * sequence (ten to fourteen).
 */
final class Sequences implements Generator {
    enum Ask { NEXT, TERM, SUM }

    /** The first term and the step (a difference, or a ratio when {@code geometric}), and what is asked. */
    record Sequence(int level, String name, boolean geometric, long first, long step, Ask ask, int n) implements Exercise {
        @Override
        public MiniDomain domain() {
            return MiniDomain.SEQUENCES;
        }

        long term(int i) {
            long t = first;
            for (int k = 1; k < i; k++) t = geometric ? t * step : t + step;
            return t;
        }

        @Override
        public String text() {
            String question = switch (ask) {
                case NEXT -> "What is the next term";
                case TERM -> "What is term " + n;
                case SUM -> "What is the sum of the first " + n + " terms";
            } + " of " + name + "'s sequence?";
            return name + " writes " + (geometric ? "a geometric" : "an arithmetic") + " sequence: " + term(1) + ", "
                    + term(2) + ", " + term(3) + ", ... " + question;
        }

        /** By listing the terms one by one. */
        @Override
        public String answer() {
            if (ask == Ask.NEXT) return Long.toString(term(4));
            if (ask == Ask.TERM) return Long.toString(term(n));
            long s = 0;
            for (int i = 1; i <= n; i++) s += term(i);
            return Long.toString(s);
        }

        @Override
        public Solution solution() {
            return geometric ? geometricSolution() : arithmeticSolution();
        }

        private Solution arithmeticSolution() {
            long t1 = term(1), t2 = term(2), d = step;
            List<Solution.Step> steps = new ArrayList<>();
            long t3 = term(3);
            steps.add(new Solution.Step("The common difference is " + t2 + " - " + t1 + ".", t2 + " - " + t1 + " = " + d + ".",
                    t3 + " - " + t2 + " = " + d + " too."));
            if (ask == Ask.NEXT) {
                long t4 = term(4);
                steps.add(new Solution.Step("Add " + d + " to " + t3 + ".", t3 + " + " + d + " = " + t4 + "."));
                return new Solution(name + " needs the term after " + t3 + ". Plan: find the common difference and add it to the last term.",
                        steps, t4 + " - " + t3 + " = " + d + ".", answer());
            }
            long p = (long) (n - 1) * d, tn = t1 + p;
            steps.add(new Solution.Step("Term " + n + " is the first term plus " + n + " - 1 differences.",
                    n + " - 1 = " + (n - 1) + ".", (n - 1) + " * " + d + " = " + p + ".", t1 + " + " + p + " = " + tn + "."));
            if (ask == Ask.TERM) {
                return new Solution(name + " needs term " + n + ". Plan: find the common difference, then add it once for each term after the first.",
                        steps, tn + " - " + p + " = " + t1 + ".", answer());
            }
            long s = t1 + tn, q = s * n, sum = q / 2;
            steps.add(new Solution.Step("The sum is " + n + " times the first plus the last term, divided by 2.",
                    t1 + " + " + tn + " = " + s + ".", s + " * " + n + " = " + q + ".", q + " / 2 = " + sum + "."));
            return new Solution(name + " needs the sum of the first " + n + " terms. Plan: find term " + n
                    + ", then take the first plus the last term, times " + n + ", over 2.", steps, sum + " * 2 = " + q + ".", answer());
        }

        private Solution geometricSolution() {
            long t1 = term(1), t2 = term(2), r = step;
            List<Solution.Step> steps = new ArrayList<>();
            steps.add(new Solution.Step("The common ratio is " + t2 + " / " + t1 + ".", t2 + " / " + t1 + " = " + r + ".",
                    term(3) + " / " + t2 + " = " + r + " too."));
            int last = ask == Ask.NEXT ? 4 : n;
            List<String> work = new ArrayList<>();
            for (int i = 4; i <= last; i++) work.add("Term " + i + ": " + term(i - 1) + " * " + r + " = " + term(i) + ".");
            if (!work.isEmpty()) steps.add(new Solution.Step("Multiply by " + r + " from term 3 up to term " + last + ".", work));
            if (ask != Ask.SUM) {
                return new Solution(name + " needs term " + last + " of a geometric sequence. Plan: find the common ratio, then multiply by it term after term.",
                        steps, term(last) + " / " + r + " = " + term(last - 1) + ".", answer());
            }
            List<String> adds = new ArrayList<>();
            long s = t1;
            for (int i = 2; i <= n; i++) {
                adds.add(s + " + " + term(i) + " = " + (s + term(i)) + ".");
                s += term(i);
            }
            steps.add(new Solution.Step("Add the first " + n + " terms.", adds));
            return new Solution(name + " needs the sum of the first " + n + " terms of a geometric sequence. Plan: find the common ratio, list the terms, then add them.",
                    steps, s + " - " + term(n) + " = " + (s - term(n)) + ".", answer());
        }

        /** One more term asked for (for the next term: a difference or ratio one larger). */
        @Override
        public Optional<Exercise> misread() {
            if (ask == Ask.NEXT) return Optional.of(new Sequence(level, name, geometric, first, step + 1, ask, n));
            return Optional.of(new Sequence(level, name, geometric, first, step, ask, n + 1));
        }
    }

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        String name = Vocabulary.name(r);
        return switch (level) {
            case 1 -> arithmetic(r, name, 1, Ask.NEXT, 4);
            case 2 -> arithmetic(r, name, 2, Ask.TERM, Vocabulary.between(r, 6, 20));
            case 3 -> arithmetic(r, name, 3, Ask.SUM, Vocabulary.between(r, 5, 12));
            case 4 -> new Sequence(4, name, true, Vocabulary.between(r, 1, 3), 2, Ask.TERM, Vocabulary.between(r, 9, 11));
            default -> {
                long ratio = Vocabulary.between(r, 2, 3);
                int n = ratio == 2 ? Vocabulary.between(r, 6, 8) : 6;
                yield new Sequence(5, name, true, Vocabulary.between(r, 1, 3), ratio, Ask.SUM, n);
            }
        };
    }

    private static Sequence arithmetic(SplittableRandom r, String name, int level, Ask ask, int n) {
        return new Sequence(level, name, false, Vocabulary.between(r, 10, 150), Vocabulary.between(r, 3, 40), ask, n);
    }

    // ---- reading

    private static final Pattern SEQUENCE = Pattern.compile(Vocabulary.NAME + " writes (an arithmetic|a geometric) sequence: "
            + "(\\d+), (\\d+), (\\d+), \\.\\.\\. What is (the next term|term (\\d+)|the sum of the first (\\d+) terms) of "
            + Vocabulary.NAME + "'s sequence\\?");

    @Override
    public Optional<Exercise> read(String text) {
        Matcher m = SEQUENCE.matcher(text);
        if (!m.find() || !m.group(1).equals(m.group(9))) return Optional.empty();
        boolean geometric = m.group(2).startsWith("a geometric");
        long t1 = Long.parseLong(m.group(3)), t2 = Long.parseLong(m.group(4)), t3 = Long.parseLong(m.group(5));
        Ask ask = m.group(7) != null ? Ask.TERM : m.group(8) != null ? Ask.SUM : Ask.NEXT;
        int n = ask == Ask.TERM ? Integer.parseInt(m.group(7)) : ask == Ask.SUM ? Integer.parseInt(m.group(8)) : 4;
        long step;
        if (geometric) {
            if (t1 <= 0 || t2 % t1 != 0 || t2 / t1 < 2 || t3 != t2 * (t2 / t1)) return Optional.empty();
            step = t2 / t1;
        } else {
            step = t2 - t1;
            if (step <= 0 || t3 - t2 != step) return Optional.empty();
        }
        if (n < 4 || n > 40) return Optional.empty();
        int level = geometric ? (ask == Ask.SUM ? 5 : 4) : ask.ordinal() + 1;
        Sequence s = new Sequence(level, m.group(1), geometric, t1, step, ask, n);
        return s.term(n) > 1_000_000_000L ? Optional.empty() : Optional.of(s);
    }
}
