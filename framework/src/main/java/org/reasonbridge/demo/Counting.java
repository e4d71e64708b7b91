package org.reasonbridge.demo;

import org.reasonbridge.demo.Vocabulary.Thing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counting: "Ann has 7 hats and 5 cups. In how many combinations can Ann pick 3 hats?". Level 1: one of each of two
 * kinds (one operation); 2: three in a row, order mattering (two); 3: an unordered pick of 2 or 3 (three or four);
 * 4: unordered picks of 2 from each of two kinds (seven); 5: picks of 3 from one kind and 2 or 3 from another (eight
 * to nine). At levels 2 and 3 the person also has things the question is not about: the plan says they do not
 * matter (and the problem's words are varied enough that two problems are rarely near duplicates).
 */
final class Counting implements Generator {
    enum Form { PAIRS, ROW, CHOOSE }

    /** {@code pick} of the {@code from} things of one kind. */
    record Group(Thing thing, int pick, int from) {
    }

    /** {@code extra}: things the person also has that the question is not about (ROW and one-kind CHOOSE), or null. */
    record Count(int level, String name, Form form, List<Group> groups, Group extra) implements Exercise {
        Count {
            groups = List.copyOf(groups);
        }

        @Override
        public MiniDomain domain() {
            return MiniDomain.COUNTING;
        }

        @Override
        public String text() {
            Group g = groups.get(0);
            return switch (form) {
                case PAIRS -> {
                    Group h = groups.get(1);
                    yield "How many combinations of one " + g.thing.one() + " and one " + h.thing.one() + " can " + name
                            + " make from " + g.from + " " + g.thing.many() + " and " + h.from + " " + h.thing.many() + "?";
                }
                case ROW -> has() + "In how many arrangements can " + name + " put " + g.pick + " " + g.thing.many()
                        + " in a row?";
                case CHOOSE -> {
                    if (groups.size() == 1) {
                        yield has() + "In how many combinations can " + name + " pick " + g.pick + " " + g.thing.many() + "?";
                    }
                    Group h = groups.get(1);
                    yield "How many combinations of " + g.pick + " " + g.thing.many() + " and " + h.pick + " "
                            + h.thing.many() + " can " + name + " pick from " + g.from + " " + g.thing.many() + " and "
                            + h.from + " " + h.thing.many() + "?";
                }
            };
        }

        /** "Ann has 7 hats and 5 cups. " */
        private String has() {
            Group g = groups.get(0);
            return name + " has " + g.from + " " + g.thing.many() + " and " + extra.from + " " + extra.thing.many() + ". ";
        }

        /** "Only the hats matter; the 5 cups do not. " */
        private String only() {
            return extra == null ? "" : "Only the " + groups.get(0).thing.many() + " matter; the " + extra.from + " "
                    + extra.thing.many() + " do not. ";
        }

        /** The count by the closed formulas (the tests check it by listing every pick). */
        @Override
        public String answer() {
            long n = 1;
            for (Group g : groups) {
                long ordered = 1;
                for (int i = 0; i < g.pick; i++) ordered *= g.from - i;
                long orders = 1;
                for (int i = 2; i <= g.pick; i++) orders *= i;
                n *= form == Form.ROW ? ordered : ordered / orders;
            }
            return Long.toString(n);
        }

        @Override
        public Solution solution() {
            List<Solution.Step> steps = new ArrayList<>();
            String check;
            String plan;
            if (form == Form.PAIRS) {
                Group g = groups.get(0), h = groups.get(1);
                long n = (long) g.from * h.from;
                plan = name + " counts pairs of one " + g.thing.one() + " and one " + h.thing.one()
                        + ". Plan: each " + g.thing.one() + " can go with each " + h.thing.one() + ", so multiply the two counts.";
                steps.add(new Solution.Step(g.from + " choices of " + g.thing.one() + " times " + h.from + " choices of "
                        + h.thing.one() + ".", g.from + " * " + h.from + " = " + n + "."));
                check = n + " / " + h.from + " = " + g.from + ".";
                return new Solution(plan, steps, check, answer());
            }
            if (form == Form.ROW) {
                Group g = groups.get(0);
                plan = only() + name + " puts " + g.pick + " of them in a row, so order matters. Plan: count the choices for each place and multiply.";
                List<String> work = new ArrayList<>();
                long p = g.from;
                StringBuilder places = new StringBuilder("The first place has " + g.from + " choices");
                for (int i = 1; i < g.pick; i++) {
                    places.append(i == g.pick - 1 ? " and the next " : ", the next ").append(g.from - i);
                    work.add(p + " * " + (g.from - i) + " = " + p * (g.from - i) + ".");
                    p *= g.from - i;
                }
                steps.add(new Solution.Step(places + ".", work));
                check = p + " / " + (g.from - g.pick + 1) + " = " + p / (g.from - g.pick + 1) + ".";
                return new Solution(plan, steps, check, answer());
            }
            plan = groups.size() == 1
                    ? only() + "Order does not matter in " + name + "'s pick. Plan: count ordered picks, then divide by the orders of one pick."
                    : name + " makes the two picks independently. Plan: count each pick, order not mattering, then multiply.";
            long total = 1;
            long lastOrdered = 0, lastOrders = 0, lastCount = 0;
            for (Group g : groups) {
                List<String> work = new ArrayList<>();
                long p = g.from;
                for (int i = 1; i < g.pick; i++) {
                    work.add(p + " * " + (g.from - i) + " = " + p * (g.from - i) + ".");
                    p *= g.from - i;
                }
                long orders = g.pick == 2 ? 2 : 6;
                work.add(g.pick == 2 ? "2 * 1 = 2." : "3 * 2 * 1 = 6.");
                long c = p / orders;
                work.add(p + " / " + orders + " = " + c + ".");
                steps.add(new Solution.Step("Pick " + g.pick + " of " + g.from + " " + g.thing.many()
                        + ": count ordered picks, then divide by the " + orders + " orders of each pick.", work));
                lastOrdered = p;
                lastOrders = orders;
                lastCount = c;
                total *= c;
            }
            if (groups.size() == 1) {
                check = lastCount + " * " + lastOrders + " = " + lastOrdered + ".";
            } else {
                long first = total / lastCount;
                steps.add(new Solution.Step("Multiply the two counts.", first + " * " + lastCount + " = " + total + "."));
                check = total + " / " + lastCount + " = " + first + ".";
            }
            return new Solution(plan, steps, check, answer());
        }

        /** The first kind's number misread one larger. */
        @Override
        public Optional<Exercise> misread() {
            List<Group> g = new ArrayList<>(groups);
            Group first = g.get(0);
            g.set(0, new Group(first.thing, first.pick, first.from + 1));
            return Optional.of(new Count(level, name, form, g, extra));
        }
    }

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        String name = Vocabulary.name(r);
        List<Thing> kinds = Vocabulary.things(r, 2);
        Group extra = new Group(kinds.get(1), 0, Vocabulary.between(r, 2, 20));
        return switch (level) {
            case 1 -> new Count(1, name, Form.PAIRS, List.of(new Group(kinds.get(0), 1, Vocabulary.between(r, 2, 12)),
                    new Group(kinds.get(1), 1, Vocabulary.between(r, 2, 12))), null);
            case 2 -> new Count(2, name, Form.ROW, List.of(new Group(kinds.get(0), 3, Vocabulary.between(r, 4, 12))), extra);
            case 3 -> {
                int k = Vocabulary.between(r, 2, 3);
                yield new Count(3, name, Form.CHOOSE, List.of(new Group(kinds.get(0), k, Vocabulary.between(r, k + 2, 14))), extra);
            }
            case 4 -> new Count(4, name, Form.CHOOSE, List.of(new Group(kinds.get(0), 2, Vocabulary.between(r, 4, 10)),
                    new Group(kinds.get(1), 2, Vocabulary.between(r, 4, 10))), null);
            default -> new Count(5, name, Form.CHOOSE, List.of(new Group(kinds.get(0), 3, Vocabulary.between(r, 5, 9)),
                    new Group(kinds.get(1), Vocabulary.between(r, 2, 3), Vocabulary.between(r, 5, 9))), null);
        };
    }

    // ---- reading

    private static final String N = "(\\d+)";
    private static final Pattern PAIRS = Pattern.compile("How many combinations of one " + Vocabulary.ONE + " and one "
            + Vocabulary.ONE + " can " + Vocabulary.NAME + " make from " + N + " " + Vocabulary.MANY + " and " + N + " "
            + Vocabulary.MANY + "\\?");
    private static final String HAS = Vocabulary.NAME + " has " + N + " " + Vocabulary.MANY + " and " + N + " "
            + Vocabulary.MANY + "\\. ";
    private static final Pattern ROW = Pattern.compile(HAS + "In how many arrangements can " + Vocabulary.NAME + " put "
            + N + " " + Vocabulary.MANY + " in a row\\?");
    private static final Pattern ONE_KIND = Pattern.compile(HAS + "In how many combinations can " + Vocabulary.NAME
            + " pick " + N + " " + Vocabulary.MANY + "\\?");
    private static final Pattern TWO_KINDS = Pattern.compile("How many combinations of " + N + " " + Vocabulary.MANY
            + " and " + N + " " + Vocabulary.MANY + " can " + Vocabulary.NAME + " pick from " + N + " " + Vocabulary.MANY
            + " and " + N + " " + Vocabulary.MANY + "\\?");

    @Override
    public Optional<Exercise> read(String text) {
        Matcher m = PAIRS.matcher(text);
        if (m.find()) {
            if (!same(m.group(1), m.group(5)) || !same(m.group(2), m.group(7))) return Optional.empty();
            return valid(new Count(1, m.group(3), Form.PAIRS, List.of(
                    new Group(Vocabulary.thingNamed(m.group(1)), 1, Integer.parseInt(m.group(4))),
                    new Group(Vocabulary.thingNamed(m.group(2)), 1, Integer.parseInt(m.group(6)))), null));
        }
        m = ROW.matcher(text);
        if (m.find()) return kept(m, Form.ROW);
        m = TWO_KINDS.matcher(text);
        if (m.find()) {
            if (!m.group(2).equals(m.group(7)) || !m.group(4).equals(m.group(9))) return Optional.empty();
            Group a = new Group(Vocabulary.thingNamed(m.group(2)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(6)));
            Group b = new Group(Vocabulary.thingNamed(m.group(4)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(8)));
            return valid(new Count(a.pick == 3 ? 5 : 4, m.group(5), Form.CHOOSE, List.of(a, b), null));
        }
        m = ONE_KIND.matcher(text);
        if (m.find()) return kept(m, Form.CHOOSE);
        return Optional.empty();
    }

    /** A ROW or one-kind CHOOSE match: name, n, things, m, other things, name, k, things. */
    private static Optional<Exercise> kept(Matcher m, Form form) {
        if (!m.group(1).equals(m.group(6)) || !m.group(3).equals(m.group(8)) || m.group(3).equals(m.group(5))) return Optional.empty();
        Group g = new Group(Vocabulary.thingNamed(m.group(3)), Integer.parseInt(m.group(7)), Integer.parseInt(m.group(2)));
        Group extra = new Group(Vocabulary.thingNamed(m.group(5)), 0, Integer.parseInt(m.group(4)));
        return valid(new Count(form == Form.ROW ? 2 : 3, m.group(1), form, List.of(g), extra));
    }

    private static boolean same(String one, String many) {
        return Vocabulary.thingNamed(one).equals(Vocabulary.thingNamed(many));
    }

    /** Picks the solution can write out: 2 or 3 at a time (1 for pairs), never more than there are. */
    private static Optional<Exercise> valid(Count c) {
        for (Group g : c.groups) {
            boolean pickOk = c.form == Form.PAIRS ? g.pick == 1 : g.pick >= 2 && g.pick <= 3;
            if (!pickOk || g.from < g.pick || g.from > 30) return Optional.empty();
        }
        return Optional.of(c);
    }
}
