package org.reasonbridge.demo;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Digit programs: "Ann's program starts at 7, adds 5, times 3, adds 8. What does Ann's program print?". A
 * program holds one digit: each instruction adds or multiplies by a digit and keeps the last digit of the result.
 * The level is the number of instructions (1 to 4; six at level 5), each one operation.
 *
 * <p>Why this domain: its one-step operations are a closed table of 200 facts ({@code a + b} and {@code a * b} for
 * digits), which a decoder of a few layers learns in minutes, while chaining several of them in one go, without
 * writing the intermediate digits, is what such a model does not manage (measured: near chance from two steps on).
 * So a trace that writes one line per instruction turns a problem the student cannot answer directly into a chain
 * of steps it can: the case the method exists for, in a form small enough to show on a laptop.
 */
final class DigitPrograms implements Generator {
    /** One instruction: {@code adds d} or {@code times d}. */
    record Instruction(boolean add, int digit) {
        int apply(int x) {
            return (add ? x + digit : x * digit) % 10;
        }

        @Override
        public String toString() {
            return (add ? "adds " : "times ") + digit;
        }
    }

    record Program(int level, String name, int start, List<Instruction> instructions) implements Exercise {
        Program {
            instructions = List.copyOf(instructions);
        }

        @Override
        public MiniDomain domain() {
            return MiniDomain.PROGRAMS;
        }

        @Override
        public String text() {
            return name + "'s program starts at " + start + ", " + String.join(", ", instructions.stream()
                    .map(Instruction::toString).toList()) + ". What does " + name + "'s program print?";
        }

        /** The whole computation in exact integers, then its last digit: independent of the solution's steps. */
        @Override
        public String answer() {
            BigInteger x = BigInteger.valueOf(start);
            for (Instruction i : instructions) {
                BigInteger d = BigInteger.valueOf(i.digit());
                x = i.add() ? x.add(d) : x.multiply(d);
            }
            return x.mod(BigInteger.TEN).toString();
        }

        @Override
        public Solution solution() {
            List<Solution.Step> steps = new ArrayList<>();
            int x = start;
            String last = null;
            for (Instruction i : instructions) {
                int full = i.add() ? x + i.digit() : x * i.digit();
                // the instruction as the question words it first: the next one in the question follows the last one
                // written, so a small model finds it by what precedes it rather than by counting steps
                String setup = i + ": " + (i.add() ? "add " + i.digit() + " to " + x + "." : "multiply " + x + " by " + i.digit() + ".");
                last = x + (i.add() ? " + " : " * ") + i.digit() + " = " + full;
                steps.add(new Solution.Step(setup, last + ", last digit " + full % 10 + "."));
                x = full % 10;
            }
            String plan = name + "'s program runs " + instructions.size() + (instructions.size() == 1 ? " step" : " steps")
                    + " from " + start + ". Plan: do the steps in order and keep only the last digit after each.";
            return new Solution(plan, steps, last + " ends in " + x + ".", Integer.toString(x));
        }

        /** The start misread one to three larger (the digit after 9 is 0): the first that changes the answer. */
        @Override
        public Optional<Exercise> misread() {
            for (int delta = 1; delta <= 3; delta++) {
                Program p = new Program(level, name, (start + delta) % 10, instructions);
                if (!p.answer().equals(answer())) return Optional.of(p);
            }
            return Optional.empty();
        }
    }

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        List<Instruction> instructions = new ArrayList<>();
        // level 5 takes six: the hard set's top level asks one more extrapolation step than level 4
        for (int i = 0; i < (level == MAX_LEVEL ? 6 : level); i++) instructions.add(instruction(r));
        return new Program(level, Vocabulary.name(r), r.nextInt(10), instructions);
    }

    /** Adds of 1..9 and multiplications by 2..9, half each: adding 0 or multiplying by 0 or 1 would be no step. */
    static Instruction instruction(SplittableRandom r) {
        return r.nextBoolean() ? new Instruction(true, 1 + r.nextInt(9)) : new Instruction(false, 2 + r.nextInt(8));
    }

    // ---- reading

    private static final Pattern QUESTION = Pattern.compile(Vocabulary.NAME + "'s program starts at (\\d), ((?:(?:adds|times) \\d, )*"
            + "(?:adds|times) \\d)\\. What does " + Vocabulary.NAME + "'s program print\\?");

    @Override
    public Optional<Exercise> read(String text) {
        Matcher m = QUESTION.matcher(text);
        if (!m.find() || !m.group(1).equals(m.group(4))) return Optional.empty();
        List<Instruction> instructions = new ArrayList<>();
        for (String s : m.group(3).split(", ")) {
            String[] w = s.split(" ");
            instructions.add(new Instruction(w[0].equals("adds"), Integer.parseInt(w[1])));
        }
        if (instructions.size() > 12) return Optional.empty();
        return Optional.of(new Program(Math.min(instructions.size(), MAX_LEVEL), m.group(1), Integer.parseInt(m.group(2)),
                instructions));
    }
}
