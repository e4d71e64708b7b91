package org.reasonbridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Knights and knaves: each person says one thing; knights tell the truth, the one knave lies. "Ann says Ben lies.
 * Ben says Cara tells the truth. Cara says Ann or Ben lies. Which one of Ann, Ben and Cara is the knave?". Only
 * puzzles with exactly one consistent knave are posed. Level L has L + 2 people (claims of the simple kinds, "X lies"
 * and "X tells the truth", at level 1; also "X or Y lies" and "X and Y tell the truth" above). The solution tries
 * each person as the knave: a failing case takes one line, the case that holds one line per person, so a puzzle of
 * n people takes 2n - 1 lines.
 */
final class KnightsAndKnaves implements Generator {
    enum Kind { LIES, TRUTH, EITHER_LIES, BOTH_TRUTHFUL }

    /** What one person says about one or two others. */
    record Claim(Kind kind, String first, String second) {
        /** Whether the claim is true when {@code knave} is the knave. */
        boolean holds(String knave) {
            return switch (kind) {
                case LIES -> knave.equals(first);
                case TRUTH -> !knave.equals(first);
                case EITHER_LIES -> knave.equals(first) || knave.equals(second);
                case BOTH_TRUTHFUL -> !knave.equals(first) && !knave.equals(second);
            };
        }

        String phrase() {
            return switch (kind) {
                case LIES -> first + " lies";
                case TRUTH -> first + " tells the truth";
                case EITHER_LIES -> first + " or " + second + " lies";
                case BOTH_TRUTHFUL -> first + " and " + second + " tell the truth";
            };
        }

        Claim flipped() {
            return new Claim(switch (kind) {
                case LIES -> Kind.TRUTH;
                case TRUTH -> Kind.LIES;
                case EITHER_LIES -> Kind.BOTH_TRUTHFUL;
                case BOTH_TRUTHFUL -> Kind.EITHER_LIES;
            }, first, second);
        }
    }

    /** People in speaking order, and what each says. */
    record Puzzle(int level, List<String> people, List<Claim> claims) implements Exercise {
        Puzzle {
            people = List.copyOf(people);
            claims = List.copyOf(claims);
        }

        @Override
        public MiniDomain domain() {
            return MiniDomain.LOGIC;
        }

        @Override
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < people.size(); i++) sb.append(people.get(i)).append(" says ").append(claims.get(i).phrase()).append(". ");
            return sb.append("Which one of ").append(Vocabulary.list(people)).append(" is the knave?").toString();
        }

        /** Whether every claim fits {@code knave}: knights' claims true, the knave's false. */
        boolean consistent(String knave) {
            for (int i = 0; i < people.size(); i++) {
                if (claims.get(i).holds(knave) == people.get(i).equals(knave)) return false;
            }
            return true;
        }

        List<String> knaves() {
            return people.stream().filter(this::consistent).toList();
        }

        @Override
        public String answer() {
            List<String> k = knaves();
            if (k.size() != 1) throw new IllegalStateException("not a puzzle with one answer: " + text());
            return k.get(0);
        }

        /**
         * Each person in turn as the knave: a case that fails shows only the claim that breaks it, the case that holds
         * shows every claim (so the trace stays short as the puzzle grows).
         */
        @Override
        public Solution solution() {
            List<Solution.Step> steps = new ArrayList<>();
            for (String knave : people) {
                List<String> work = new ArrayList<>();
                int broken = -1;
                for (int i = 0; i < people.size() && broken < 0; i++) {
                    if (claims.get(i).holds(knave) == people.get(i).equals(knave)) broken = i;
                }
                if (broken >= 0) {
                    work.add(said(broken, knave) + ". Not " + knave + ".");
                } else {
                    for (int i = 0; i < people.size(); i++) work.add(said(i, knave) + ", fits.");
                }
                steps.add(new Solution.Step("Suppose " + knave + " is the knave.", work));
            }
            String plan = "One of them is the knave, the others are knights. Plan: try each as the knave and keep the case"
                    + " where every claim fits.";
            return new Solution(plan, steps, "Only the case " + answer() + " fits.", answer());
        }

        /** "Ben, a knight, says Ann lies: false" when {@code knave} is the knave. */
        private String said(int i, String knave) {
            String speaker = people.get(i);
            boolean isKnave = speaker.equals(knave), truth = claims.get(i).holds(knave);
            return speaker + (isKnave ? ", the knave," : ", a knight,") + " says " + claims.get(i).phrase()
                    + ": " + (truth ? "true" : "false");
        }

        /** One claim misheard (as its opposite, or about another person), where that leaves one other knave. */
        @Override
        public Optional<Exercise> misread() {
            for (int i = 0; i < claims.size(); i++) {
                List<Claim> tries = new ArrayList<>();
                Claim c = claims.get(i);
                tries.add(c.flipped());
                for (String other : people) {
                    if (other.equals(people.get(i)) || other.equals(c.first) || other.equals(c.second)) continue;
                    tries.add(new Claim(c.kind, other, c.second));
                }
                for (Claim t : tries) {
                    List<Claim> changed = new ArrayList<>(claims);
                    changed.set(i, t);
                    Puzzle p = new Puzzle(level, people, changed);
                    List<String> k = p.knaves();
                    if (k.size() == 1 && !k.get(0).equals(answer())) return Optional.of(p);
                }
            }
            return Optional.empty();
        }

        /** The misread puzzle's knave, else the first other person. */
        @Override
        public Optional<String> wrongAnswer() {
            return misread().map(Exercise::answer).or(() -> people.stream().filter(p -> !p.equals(answer())).findFirst());
        }
    }

    @Override
    public Exercise generate(SplittableRandom r, int level) {
        int n = level + 2;
        while (true) {
            List<String> people = Vocabulary.names(r, n);
            List<Claim> claims = new ArrayList<>();
            for (String speaker : people) claims.add(claim(r, speaker, people, level == 1));
            Puzzle p = new Puzzle(level, people, claims);
            if (p.knaves().size() == 1) return p;
        }
    }

    private static Claim claim(SplittableRandom r, String speaker, List<String> people, boolean simple) {
        List<String> others = new ArrayList<>(people);
        others.remove(speaker);
        String a = others.remove(r.nextInt(others.size()));
        Kind kind = Kind.values()[r.nextInt(simple ? 2 : Kind.values().length)];
        if (kind == Kind.LIES || kind == Kind.TRUTH) return new Claim(kind, a, null);
        return new Claim(kind, a, others.get(r.nextInt(others.size())));
    }

    // ---- reading

    private static final String NAME = Vocabulary.NAME;
    private static final Pattern CLAIM = Pattern.compile(NAME + " says (?:" + NAME + " lies|" + NAME + " tells the truth|"
            + NAME + " or " + NAME + " lies|" + NAME + " and " + NAME + " tell the truth)\\. ");
    private static final Pattern QUESTION = Pattern.compile("Which one of ((?:" + NAME + ", )*" + NAME + " and " + NAME
            + ") is the knave\\?");

    @Override
    public Optional<Exercise> read(String text) {
        Matcher q = QUESTION.matcher(text);
        if (!q.find()) return Optional.empty();
        List<String> people = Vocabulary.unlist(q.group(1));
        Matcher m = CLAIM.matcher(text);
        List<Claim> claims = new ArrayList<>();
        int at = -1;
        while (claims.size() < people.size() && m.find(at < 0 ? 0 : at)) {
            if (at >= 0 && m.start() != at) return Optional.empty();
            if (!m.group(1).equals(people.get(claims.size()))) return Optional.empty();
            Claim c;
            if (m.group(2) != null) c = new Claim(Kind.LIES, m.group(2), null);
            else if (m.group(3) != null) c = new Claim(Kind.TRUTH, m.group(3), null);
            else if (m.group(4) != null) c = new Claim(Kind.EITHER_LIES, m.group(4), m.group(5));
            else c = new Claim(Kind.BOTH_TRUTHFUL, m.group(6), m.group(7));
            claims.add(c);
            at = m.end();
        }
        if (claims.size() != people.size() || at != q.start() || people.stream().distinct().count() != people.size()) {
            return Optional.empty();
        }
        Puzzle p = new Puzzle(Math.max(1, Math.min(Generator.MAX_LEVEL, people.size() - 2)), people, claims);
        return p.knaves().size() == 1 ? Optional.of(p) : Optional.empty();
    }
}
