package org.reasonbridge.demo;

import org.reasonbridge.demo.Vocabulary.Thing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multi-step money word problems: "Ann has 40 dollars. Ann buys 3 pens, each for 4 dollars. Ben gives Ann 15
 * dollars. How much does Ann have now?". Level L has L + 1 events, so L + 1 to 2L + 2 operations. Every sentence
 * carries a name or a number, so no eight words in a row are the same in two problems by chance (the 8-gram
 * decontamination would otherwise see every problem as a copy of every test item).
 */
final class MoneyProblems implements Generator {
    enum Kind { EARN, SPEND, GIFT, BUY, SELL, HALF }

    /** One event: its kind, the other person (gift, half), the amount, and for buying and selling the count and thing. */
    record Event(Kind kind, String other, int amount, int count, Thing thing) {
        String sentence(String name) {
            return switch (kind) {
                case EARN -> name + " earns " + amount + " dollars.";
                case SPEND -> name + " spends " + amount + " dollars.";
                case GIFT -> other + " gives " + name + " " + amount + " dollars.";
                case BUY -> name + " buys " + count + " " + thing.many() + ", each for " + amount + " dollars.";
                case SELL -> name + " sells " + count + " " + thing.many() + ", each for " + amount + " dollars.";
                case HALF -> name + " gives half of the money to " + other + ".";
            };
        }

        int apply(int money) {
            return switch (kind) {
                case EARN, GIFT -> money + amount;
                case SPEND -> money - amount;
                case BUY -> money - count * amount;
                case SELL -> money + count * amount;
                case HALF -> money / 2;
            };
        }
    }

    record Money(int level, String name, int start, List<Event> events) implements Exercise {
        Money {
            events = List.copyOf(events);
        }

        @Override
        public MiniDomain domain() {
            return MiniDomain.ARITHMETIC;
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder(name + " has " + start + " dollars.");
            for (Event e : events) sb.append(' ').append(e.sentence(name));
            return sb.append(" How much does ").append(name).append(" have now?").toString();
        }

        @Override
        public String answer() {
            int m = start;
            for (Event e : events) m = e.apply(m);
            return Integer.toString(m);
        }

        @Override
        public Solution solution() {
            List<Solution.Step> steps = new ArrayList<>();
            int m = start;
            String check = null;
            for (Event e : events) {
                int next = e.apply(m);
                int total = e.count * e.amount;
                steps.add(switch (e.kind) {
                    case EARN -> new Solution.Step(name + " earns " + e.amount + ": add " + e.amount + ".",
                            m + " + " + e.amount + " = " + next + ".");
                    case GIFT -> new Solution.Step(e.other + " gives " + e.amount + ": add " + e.amount + ".",
                            m + " + " + e.amount + " = " + next + ".");
                    case SPEND -> new Solution.Step(name + " spends " + e.amount + ": subtract " + e.amount + ".",
                            m + " - " + e.amount + " = " + next + ".");
                    case BUY -> new Solution.Step(e.count + " " + e.thing.many() + " at " + e.amount
                            + " dollars each cost " + e.count + " * " + e.amount + ": subtract it.",
                            e.count + " * " + e.amount + " = " + total + ".", m + " - " + total + " = " + next + ".");
                    case SELL -> new Solution.Step(e.count + " " + e.thing.many() + " at " + e.amount
                            + " dollars each bring " + e.count + " * " + e.amount + ": add it.",
                            e.count + " * " + e.amount + " = " + total + ".", m + " + " + total + " = " + next + ".");
                    case HALF -> new Solution.Step("Half goes to " + e.other + ": divide by 2.", m + " / 2 = " + next + ".");
                });
                check = switch (e.kind) {
                    case EARN, GIFT -> next + " - " + e.amount + " = " + m + ".";
                    case SELL -> next + " - " + total + " = " + m + ".";
                    case SPEND -> next + " + " + e.amount + " = " + m + ".";
                    case BUY -> next + " + " + total + " = " + m + ".";
                    case HALF -> next + " * 2 = " + m + ".";
                };
                m = next;
            }
            String plan = "We need the dollars " + name + " has at the end. Plan: start from " + start
                    + ", apply each event in order, then check the last step.";
            return new Solution(plan, steps, check, answer());
        }

        /** A start misread upwards by 2^(halvings+1): every later amount stays whole, and the answer grows by 2. */
        @Override
        public Optional<Exercise> misread() {
            long halves = events.stream().filter(e -> e.kind == Kind.HALF).count();
            return Optional.of(new Money(level, name, start + (2 << halves), events));
        }
    }

    private static final int MAX_MONEY = 250;

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        String name = Vocabulary.name(r);
        int start = Vocabulary.between(r, 10, 60);
        List<Event> events = new ArrayList<>();
        int m = start;
        while (events.size() < level + 1) {
            Event e = event(r, name, m);
            if (e == null) continue;
            events.add(e);
            m = e.apply(m);
        }
        return new Money(level, name, start, events);
    }

    /** A random event that keeps the money whole, positive and at most {@value #MAX_MONEY}; null if the draw does not fit. */
    private static Event event(SplittableRandom r, String name, int m) {
        Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
        int amount = Vocabulary.between(r, 2, 30);
        int count = Vocabulary.between(r, 2, 6);
        int price = Vocabulary.between(r, 2, 9);
        Event e = switch (kind) {
            case EARN, SPEND -> new Event(kind, null, amount, 0, null);
            case GIFT -> new Event(kind, Vocabulary.other(r, name), amount, 0, null);
            case BUY, SELL -> new Event(kind, null, price, count, Vocabulary.thing(r));
            case HALF -> new Event(kind, Vocabulary.other(r, name), 0, 0, null);
        };
        if (kind == Kind.HALF && (m % 2 != 0 || m < 4)) return null;
        int next = e.apply(m);
        return next >= 1 && next <= MAX_MONEY ? e : null;
    }

    // ---- reading

    private static final Pattern START = Pattern.compile(Vocabulary.NAME + " has (\\d+) dollars\\.");
    private static final Pattern EVENT = Pattern.compile(" (?:"
            + Vocabulary.NAME + " earns (\\d+) dollars\\."
            + "|" + Vocabulary.NAME + " spends (\\d+) dollars\\."
            + "|" + Vocabulary.NAME + " gives " + Vocabulary.NAME + " (\\d+) dollars\\."
            + "|" + Vocabulary.NAME + " buys (\\d+) " + Vocabulary.MANY + ", each for (\\d+) dollars\\."
            + "|" + Vocabulary.NAME + " sells (\\d+) " + Vocabulary.MANY + ", each for (\\d+) dollars\\."
            + "|" + Vocabulary.NAME + " gives half of the money to " + Vocabulary.NAME + "\\.)");
    private static final Pattern QUESTION = Pattern.compile(" How much does " + Vocabulary.NAME + " have now\\?");

    @Override
    public Optional<Exercise> read(String text) {
        Matcher start = START.matcher(text);
        if (!start.find()) return Optional.empty();
        String name = start.group(1);
        List<Event> events = new ArrayList<>();
        int at = start.end();
        Matcher m = EVENT.matcher(text);
        while (m.find(at) && m.start() == at) {
            Event e;
            String who;
            if (m.group(1) != null) {
                who = m.group(1);
                e = new Event(Kind.EARN, null, Integer.parseInt(m.group(2)), 0, null);
            } else if (m.group(3) != null) {
                who = m.group(3);
                e = new Event(Kind.SPEND, null, Integer.parseInt(m.group(4)), 0, null);
            } else if (m.group(5) != null) {
                who = m.group(6);
                e = new Event(Kind.GIFT, m.group(5), Integer.parseInt(m.group(7)), 0, null);
            } else if (m.group(8) != null) {
                who = m.group(8);
                e = new Event(Kind.BUY, null, Integer.parseInt(m.group(11)), Integer.parseInt(m.group(9)), Vocabulary.thingNamed(m.group(10)));
            } else if (m.group(12) != null) {
                who = m.group(12);
                e = new Event(Kind.SELL, null, Integer.parseInt(m.group(15)), Integer.parseInt(m.group(13)), Vocabulary.thingNamed(m.group(14)));
            } else {
                who = m.group(16);
                e = new Event(Kind.HALF, m.group(17), 0, 0, null);
            }
            if (!who.equals(name)) return Optional.empty();
            events.add(e);
            at = m.end();
        }
        Matcher q = QUESTION.matcher(text);
        if (events.isEmpty() || !q.find(at) || q.start() != at || !q.group(1).equals(name)) return Optional.empty();
        int money = Integer.parseInt(start.group(2));
        for (Event e : events) {
            if (e.kind == Kind.HALF && money % 2 != 0) return Optional.empty(); // not whole: not this world's problem
            money = e.apply(money);
        }
        int level = Math.max(1, Math.min(Generator.MAX_LEVEL, events.size() - 1));
        return Optional.of(new Money(level, name, Integer.parseInt(start.group(2)), events));
    }
}
