package org.reasonbridge.demo;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remainders: "Ann divides 23 * 17 + 9 by 5. What remainder does Ann get?". The expression is a sum of terms, each a
 * product of factors, each a number or a power. Level 1: one number (one operation); 2: a product or sum of two
 * (three); 3: a product plus a number (five); 4: a power plus a number (six or seven); 5: a power plus a product
 * (eight or nine). The solution reduces every number first and keeps every intermediate below the divisor.
 */
final class Remainders implements Generator {
    /** {@code base^power}; power 1 is a plain number. */
    record Factor(int base, int power) {
        @Override
        public String toString() {
            return power == 1 ? Integer.toString(base) : base + "^" + power;
        }
    }

    record Remainder(int level, String name, List<List<Factor>> terms, int divisor) implements Exercise {
        Remainder {
            terms = terms.stream().map(List::copyOf).toList();
        }

        @Override
        public MiniDomain domain() {
            return MiniDomain.MODULAR;
        }

        String expression() {
            List<String> t = new ArrayList<>();
            for (List<Factor> term : terms) t.add(String.join(" * ", term.stream().map(Factor::toString).toList()));
            return String.join(" + ", t);
        }

        @Override
        public String text() {
            return name + " divides " + expression() + " by " + divisor + ". What remainder does " + name + " get?";
        }

        /** The whole expression in exact integers, then its remainder: independent of the solution's steps. */
        @Override
        public String answer() {
            BigInteger sum = BigInteger.ZERO;
            for (List<Factor> term : terms) {
                BigInteger p = BigInteger.ONE;
                for (Factor f : term) p = p.multiply(BigInteger.valueOf(f.base).pow(f.power));
                sum = sum.add(p);
            }
            return sum.mod(BigInteger.valueOf(divisor)).toString();
        }

        @Override
        public Solution solution() {
            List<Solution.Step> steps = new ArrayList<>();
            String[] check = {null};
            int m = divisor;
            Integer total = null;
            for (List<Factor> term : terms) {
                Integer product = null;
                for (Factor f : term) {
                    int r = reduce(f.base, steps, check);
                    if (f.power > 1) {
                        List<String> work = new ArrayList<>();
                        int cur = r;
                        // 0 and 1 stay what they are: one line, not the same line over and over
                        if (r <= 1) {
                            work.add(r + " to any power is " + r + ".");
                        } else {
                            for (int i = 2; i <= f.power; i++) {
                                int next = multiply(cur, r, work, check);
                                if (next == cur && i < f.power) {
                                    work.add("So every further multiplication leaves " + cur + ".");
                                    break;
                                }
                                cur = next;
                            }
                        }
                        steps.add(new Solution.Step("Raise " + r + " to the power " + f.power
                                + ", reducing mod " + m + " after each multiplication.", work));
                        r = cur;
                    }
                    if (product != null) {
                        List<String> work = new ArrayList<>();
                        int next = multiply(product, r, work, check);
                        steps.add(new Solution.Step("Multiply the remainders " + product + " and " + r + ".", work));
                        r = next;
                    }
                    product = r;
                }
                if (total != null) {
                    int s = total + product;
                    List<String> work = new ArrayList<>();
                    int next = s % m;
                    work.add(s < m ? total + " + " + product + " = " + s + ", which is less than " + m + "."
                            : total + " + " + product + " = " + s + ", and " + s + " = " + (s / m) + " * " + m + " + " + next + ".");
                    if (s >= m) check[0] = (s / m) + " * " + m + " + " + next + " = " + s + ".";
                    else check[0] = s + " is less than " + m + ".";
                    steps.add(new Solution.Step("Add the remainders " + total + " and " + product + ".", work));
                    product = next;
                }
                total = product;
            }
            String plan = name + " needs the remainder of " + expression() + " divided by " + m
                    + ". Plan: replace each number by its remainder mod " + m + ", combine them, and reduce again.";
            return new Solution(plan, steps, check[0], Integer.toString(total));
        }

        /** The step reducing {@code n} (when it is at least the divisor); returns the remainder. */
        private int reduce(int n, List<Solution.Step> steps, String[] check) {
            int m = divisor, r = n % m;
            if (n < m) return n;
            steps.add(new Solution.Step("Reduce " + n + " mod " + m + ".",
                    n + " = " + (n / m) + " * " + m + " + " + r + ", so " + n + " mod " + m + " = " + r + "."));
            check[0] = (n / m) + " * " + m + " + " + r + " = " + n + ".";
            return r;
        }

        private int multiply(int a, int b, List<String> work, String[] check) {
            int m = divisor, p = a * b, r = p % m;
            if (p < m) {
                work.add(a + " * " + b + " = " + p + ", which is less than " + m + ".");
                check[0] = p + " is less than " + m + ".";
            } else {
                work.add(a + " * " + b + " = " + p + ", and " + p + " = " + (p / m) + " * " + m + " + " + r + ".");
                check[0] = (p / m) + " * " + m + " + " + r + " = " + p + ".";
            }
            return r;
        }

        /** The first number misread one to three larger, else the divisor one off: the first that changes the answer. */
        @Override
        public Optional<Exercise> misread() {
            List<Remainder> tries = new ArrayList<>();
            for (int delta = 1; delta <= 3; delta++) {
                List<List<Factor>> t = new ArrayList<>();
                for (List<Factor> term : terms) t.add(new ArrayList<>(term));
                Factor first = t.get(0).get(0);
                t.get(0).set(0, new Factor(first.base + delta, first.power));
                tries.add(new Remainder(level, name, t, divisor));
            }
            tries.add(new Remainder(level, name, terms, divisor + 1));
            if (divisor > 3) tries.add(new Remainder(level, name, terms, divisor - 1));
            return tries.stream().filter(e -> !e.answer().equals(answer())).findFirst().map(e -> e);
        }
    }

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        String name = Vocabulary.name(r);
        int m = Vocabulary.between(r, 3, level <= 2 ? 9 : 12);
        List<List<Factor>> terms = new ArrayList<>();
        switch (level) {
            case 1 -> terms.add(List.of(plain(r, 100, 999)));
            case 2 -> {
                if (r.nextBoolean()) {
                    terms.add(List.of(plain(r, 11, 49), plain(r, 11, 49)));
                } else {
                    terms.add(List.of(plain(r, 11, 99)));
                    terms.add(List.of(plain(r, 11, 99)));
                }
            }
            case 3 -> {
                terms.add(List.of(plain(r, 11, 49), plain(r, 11, 49)));
                terms.add(List.of(plain(r, m, 40)));
            }
            default -> {
                terms.add(List.of(new Factor(Vocabulary.between(r, m + 1, m + 15), Vocabulary.between(r, 4, 5))));
                terms.add(level == 4 ? List.of(plain(r, m, 40)) : List.of(plain(r, 11, 49), plain(r, 11, 49)));
            }
        }
        return new Remainder(level, name, terms, m);
    }

    private static Factor plain(SplittableRandom r, int lo, int hi) {
        return new Factor(Vocabulary.between(r, lo, hi), 1);
    }

    // ---- reading

    private static final Pattern QUESTION = Pattern.compile(Vocabulary.NAME
            + " divides ([0-9^*+ ]+) by (\\d+)\\. What remainder does " + Vocabulary.NAME + " get\\?");
    private static final Pattern FACTOR = Pattern.compile("(\\d+)(?:\\^(\\d+))?");

    @Override
    public Optional<Exercise> read(String text) {
        Matcher m = QUESTION.matcher(text);
        if (!m.find() || !m.group(1).equals(m.group(4))) return Optional.empty();
        int divisor = Integer.parseInt(m.group(3));
        if (divisor < 2 || divisor > 100) return Optional.empty();
        List<List<Factor>> terms = new ArrayList<>();
        for (String term : m.group(2).strip().split(" \\+ ")) {
            List<Factor> factors = new ArrayList<>();
            for (String f : term.split(" \\* ")) {
                Matcher fm = FACTOR.matcher(f);
                if (!fm.matches()) return Optional.empty();
                int power = fm.group(2) == null ? 1 : Integer.parseInt(fm.group(2));
                if (power < 1 || power > 12 || fm.group(1).length() > 6) return Optional.empty();
                factors.add(new Factor(Integer.parseInt(fm.group(1)), power));
            }
            terms.add(factors);
        }
        if (terms.size() > 3 || terms.stream().anyMatch(t -> t.size() > 3)) return Optional.empty();
        return Optional.of(new Remainder(level(terms), m.group(1), terms, divisor));
    }

    /** The level of a shape of expression, as {@link #generate} makes them. */
    private static int level(List<List<Factor>> terms) {
        boolean power = terms.stream().flatMap(List::stream).anyMatch(f -> f.power > 1);
        int factors = (int) terms.stream().mapToLong(List::size).sum();
        if (power) return factors >= 3 ? 5 : 4;
        return factors == 1 ? 1 : factors == 2 ? 2 : 3;
    }
}
