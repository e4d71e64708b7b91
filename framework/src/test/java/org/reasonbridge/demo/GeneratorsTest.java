package org.reasonbridge.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.curation.filter.KeywordDomainClassifier;
import org.reasonbridge.grading.MathEquivalence;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every generator at every level: its answers against an independent solver that reads the problem text (brute
 * force or another route to the number), its reading back, its domain by the keyword rules, its determinism, and
 * the difficulty knob.
 */
class GeneratorsTest {
    private static final int PER_LEVEL = 40;
    private static final KeywordDomainClassifier KEYWORDS = KeywordDomainClassifier.defaults();

    static Stream<Arguments> domainsAndLevels() {
        return Arrays.stream(MiniDomain.values()).flatMap(d -> IntStream.rangeClosed(1, 5).mapToObj(l -> Arguments.of(d, l)));
    }

    private static List<Exercise> sample(MiniDomain d, int level, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Exercise> out = new ArrayList<>();
        for (int i = 0; i < PER_LEVEL; i++) out.add(d.generate(r, level));
        return out;
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("domainsAndLevels")
    void answersAgreeWithAnIndependentSolver(MiniDomain d, int level) {
        for (Exercise e : sample(d, level, 100 + level)) {
            assertEquals(independent(d, e.text()), e.answer(), e.text());
            assertEquals(e.answer(), e.solution().answer(), "the worked solution ends elsewhere: " + e.text());
            assertEquals(level, e.level());
            assertEquals(d, e.domain());
        }
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("domainsAndLevels")
    void readsBackWhatItWrites(MiniDomain d, int level) {
        for (Exercise e : sample(d, level, 200 + level)) {
            Exercise back = MiniDomain.read(e.text()).orElseThrow(() -> new AssertionError("unread: " + e.text()));
            assertEquals(e.text(), back.text());
            assertEquals(e.answer(), back.answer());
            assertEquals(e.solution(), back.solution());
            // the planted variants: respaced, and words around it
            assertEquals(e.answer(), MiniDomain.read("  " + e.text().replace(" ", "  ") + " ").orElseThrow().answer());
            assertEquals(e.answer(), MiniDomain.read("Can someone help? " + e.text() + " Thanks!").orElseThrow().answer());
        }
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("domainsAndLevels")
    void theKeywordRulesPutEveryProblemInItsDomain(MiniDomain d, int level) {
        for (Exercise e : sample(d, level, 300 + level)) assertEquals(d.code(), KEYWORDS.classify(e.text()).domain().code(), e.text());
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("domainsAndLevels")
    void misreadingChangesTheAnswerAndStaysInTheWorld(MiniDomain d, int level) {
        for (Exercise e : sample(d, level, 400 + level)) {
            e.misread().ifPresent(m -> {
                assertNotEquals(e.answer(), m.answer(), e.text());
                assertEquals(independent(d, m.text()), m.answer(), m.text());
            });
            assertNotEquals(e.answer(), e.wrongAnswer().orElseThrow(), e.text());
        }
    }

    @ParameterizedTest
    @EnumSource(MiniDomain.class)
    void theSameSeedWritesTheSameProblems(MiniDomain d) {
        for (int level = 1; level <= 5; level++) {
            List<String> a = sample(d, level, 9).stream().map(Exercise::text).toList();
            List<String> b = sample(d, level, 9).stream().map(Exercise::text).toList();
            List<String> c = sample(d, level, 10).stream().map(Exercise::text).toList();
            assertEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    /** The knob: more operations at every level, on average, and no overlap between levels 1 and 5. */
    @ParameterizedTest
    @EnumSource(MiniDomain.class)
    void higherLevelsNeedMoreOperations(MiniDomain d) {
        double previous = 0;
        int maxAtOne = 0, minAtFive = Integer.MAX_VALUE;
        for (int level = 1; level <= 5; level++) {
            List<Exercise> s = sample(d, level, 500 + level);
            double mean = s.stream().mapToInt(e -> e.solution().operations()).average().orElseThrow();
            assertTrue(mean > previous, d + " level " + level + ": " + mean + " operations on average, level " + (level - 1) + " " + previous);
            previous = mean;
            if (level == 1) maxAtOne = s.stream().mapToInt(e -> e.solution().operations()).max().orElseThrow();
            if (level == 5) minAtFive = s.stream().mapToInt(e -> e.solution().operations()).min().orElseThrow();
        }
        assertTrue(minAtFive > maxAtOne, d + ": level 5 from " + minAtFive + " operations, level 1 up to " + maxAtOne);
    }

    @Test
    void textsOutsideTheWorldAreNotRead() {
        for (String t : List.of("What is 2 + 2?", "Ann has 40 dollars. How much does Ben have now?",
                "Ann finds the root of 3x + 5 = 20. What is Ben's root?", "Ann finds the root of 3x + 5 = 21. What is Ann's root?",
                "Ann says Ben lies. Ben says Ann lies. Which one of Ann and Ben is the knave?",
                "Ann writes an arithmetic sequence: 3, 5, 8, ... What is the next term of Ann's sequence?",
                "Ann's program starts at 7, adds 5. What does Ben's program print?",
                "Ann's program starts at 17, adds 5. What does Ann's program print?")) {
            assertFalse(MiniDomain.read(t).isPresent(), t);
        }
    }

    /** The grader tells every two names apart (it compares words as products of letters). */
    @Test
    void theGraderTellsTheNamesApart() {
        MathEquivalence eq = new MathEquivalence();
        for (String a : Vocabulary.NAMES) {
            for (String b : Vocabulary.NAMES) assertEquals(a.equals(b), eq.equivalent("\\text{" + a + "}", b), a + " vs " + b);
        }
    }

    // ---- independent solvers: each reads the text its own way

    private static String independent(MiniDomain d, String text) {
        return switch (d) {
            case ARITHMETIC -> money(text);
            case LINEAR -> linear(text);
            case MODULAR -> remainder(text);
            case COUNTING -> count(text);
            case SEQUENCES -> sequence(text);
            case LOGIC -> knave(text);
            case PROGRAMS -> program(text);
            case GEOMETRY -> rectangle(text);
        };
    }

    /** The start digit and every instruction as plain long arithmetic, the last digit taken once at the end. */
    private static String program(String text) {
        List<Long> n = numbers(text);
        List<String> ops = new ArrayList<>();
        Matcher m = Pattern.compile("(adds|times) \\d").matcher(text);
        while (m.find()) ops.add(m.group(1));
        long x = n.get(0);
        for (int i = 0; i < ops.size(); i++) x = ops.get(i).equals("adds") ? x + n.get(i + 1) : x * n.get(i + 1) % 1_000_000;
        return Long.toString(x % 10);
    }

    /** Sentence by sentence, keeping a running total. */
    private static String money(String text) {
        long m = 0;
        for (String s : text.split("(?<=[.?]) ")) {
            List<Long> n = numbers(s);
            if (s.contains(" has ") && s.endsWith("dollars.")) m = n.get(0);
            else if (s.contains(" earns ") || s.matches("\\w+ gives \\w+ \\d+ dollars\\.")) m += n.get(0);
            else if (s.contains(" spends ")) m -= n.get(0);
            else if (s.contains(" buys ")) m -= n.get(0) * n.get(1);
            else if (s.contains(" sells ")) m += n.get(0) * n.get(1);
            else if (s.contains(" half of the money")) m /= 2;
        }
        return Long.toString(m);
    }

    /** The one integer in -10..80 (roots are 1..41) that, put for x, makes both sides equal by the grader's exact arithmetic. */
    private static String linear(String text) {
        Matcher m = Pattern.compile("root of (.+) = (.+)\\. What").matcher(text);
        assertTrue(m.find(), text);
        MathEquivalence eq = new MathEquivalence();
        List<Integer> roots = new ArrayList<>();
        for (int x = -10; x <= 80; x++) {
            if (eq.equivalent(substitute(m.group(1), x), substitute(m.group(2), x))) roots.add(x);
        }
        assertEquals(1, roots.size(), text + " has roots " + roots);
        return Integer.toString(roots.get(0));
    }

    private static String substitute(String side, int x) {
        return side.replaceAll("(\\d)x", "$1*x").replaceAll("(\\d)\\(", "$1*(").replace("x", "(" + x + ")");
    }

    /** The expression in big integers, then mod. */
    private static String remainder(String text) {
        Matcher m = Pattern.compile("divides (.+) by (\\d+)\\.").matcher(text);
        assertTrue(m.find(), text);
        BigInteger sum = BigInteger.ZERO;
        for (String term : m.group(1).split("\\+")) {
            BigInteger p = BigInteger.ONE;
            for (String f : term.split("\\*")) {
                String[] pw = f.strip().split("\\^");
                p = p.multiply(new BigInteger(pw[0]).pow(pw.length == 1 ? 1 : Integer.parseInt(pw[1])));
            }
            sum = sum.add(p);
        }
        return sum.mod(new BigInteger(m.group(2))).toString();
    }

    /** By listing: pairs by two loops, rows by building every row, picks by every subset. */
    private static String count(String text) {
        Matcher pairs = Pattern.compile("one (\\w+) and one (\\w+) can \\w+ make from (\\d+) \\w+ and (\\d+)").matcher(text);
        if (pairs.find()) {
            int n = 0;
            for (int i = 0; i < Integer.parseInt(pairs.group(3)); i++) for (int j = 0; j < Integer.parseInt(pairs.group(4)); j++) n++;
            return Integer.toString(n);
        }
        Matcher has = Pattern.compile("has (\\d+) (\\w+) and").matcher(text);
        Matcher row = Pattern.compile("put (\\d+) (\\w+) in a row").matcher(text);
        if (row.find() && has.find()) return Long.toString(rows(Integer.parseInt(has.group(1)), Integer.parseInt(row.group(1)), new boolean[30]));
        Matcher one = Pattern.compile("can \\w+ pick (\\d+) (\\w+)\\?").matcher(text);
        if (one.find() && has.find(0)) return Long.toString(subsets(Integer.parseInt(has.group(1)), Integer.parseInt(one.group(1))));
        Matcher two = Pattern.compile("combinations of (\\d+) \\w+ and (\\d+) \\w+ can \\w+ pick from (\\d+) \\w+ and (\\d+)").matcher(text);
        assertTrue(two.find(), text);
        return Long.toString(subsets(Integer.parseInt(two.group(3)), Integer.parseInt(two.group(1)))
                * subsets(Integer.parseInt(two.group(4)), Integer.parseInt(two.group(2))));
    }

    private static long rows(int n, int left, boolean[] used) {
        if (left == 0) return 1;
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (used[i]) continue;
            used[i] = true;
            total += rows(n, left - 1, used);
            used[i] = false;
        }
        return total;
    }

    private static long subsets(int n, int k) {
        long total = 0;
        for (int mask = 0; mask < 1 << n; mask++) if (Integer.bitCount(mask) == k) total++;
        return total;
    }

    /** The terms listed one after the other. */
    private static String sequence(String text) {
        List<Long> n = numbers(text);
        long t1 = n.get(0), t2 = n.get(1), t3 = n.get(2);
        boolean geometric = text.contains("geometric");
        assertEquals(geometric ? t2 * t2 : t2 - t1, geometric ? t1 * t3 : t3 - t2, text);
        List<Long> terms = new ArrayList<>(List.of(t1, t2, t3));
        while (terms.size() < 60) {
            long last = terms.get(terms.size() - 1);
            terms.add(geometric ? last * (t2 / t1) : last + (t2 - t1));
        }
        if (text.contains("next term")) return Long.toString(terms.get(3));
        int k = (int) (long) n.get(3);
        if (text.contains("sum of the first")) return Long.toString(terms.subList(0, k).stream().mapToLong(Long::longValue).sum());
        return Long.toString(terms.get(k - 1));
    }

    /** Every assignment of knight or knave to everyone, without assuming there is one knave; exactly one must fit. */
    private static String knave(String text) {
        Matcher q = Pattern.compile("Which one of (.+) is the knave\\?").matcher(text);
        assertTrue(q.find(), text);
        List<String> people = Arrays.asList(q.group(1).split(", | and "));
        List<String> fits = new ArrayList<>();
        for (int mask = 0; mask < 1 << people.size(); mask++) {
            Set<String> knaves = new HashSet<>();
            for (int i = 0; i < people.size(); i++) if ((mask >> i & 1) == 1) knaves.add(people.get(i));
            boolean ok = true;
            for (String s : text.substring(0, q.start()).split("\\. ")) {
                String[] w = s.replace(".", "").split(" ");
                String speaker = w[0];
                boolean claim = switch (s.substring(s.indexOf(" says ") + 6).replaceAll("[A-Z][a-z]+", "N").replace(".", "")) {
                    case "N lies" -> knaves.contains(w[2]);
                    case "N tells the truth" -> !knaves.contains(w[2]);
                    case "N or N lies" -> knaves.contains(w[2]) || knaves.contains(w[4]);
                    case "N and N tell the truth" -> !knaves.contains(w[2]) && !knaves.contains(w[4]);
                    default -> throw new AssertionError("unknown claim: " + s);
                };
                ok &= claim != knaves.contains(speaker);
            }
            if (ok && knaves.size() == 1) fits.add(knaves.iterator().next());
        }
        assertEquals(1, fits.size(), text + " fits " + fits);
        return fits.get(0);
    }

    /** Unit squares on a grid: the cut rectangle in one corner, the square in the opposite one. */
    private static String rectangle(String text) {
        List<Long> n = numbers(text);
        boolean byPerimeter = text.contains("perimeter ");
        int w = (int) (long) n.get(byPerimeter ? 1 : 0);
        int h = (int) (byPerimeter ? n.get(0) / 2 - w : n.get(1));
        if (text.endsWith("What is its perimeter?")) {
            int edges = 0;
            for (int x = 0; x < w; x++) for (int y = 0; y < h; y++) {
                edges += (x == 0 ? 1 : 0) + (x == w - 1 ? 1 : 0) + (y == 0 ? 1 : 0) + (y == h - 1 ? 1 : 0);
            }
            return Integer.toString(edges);
        }
        boolean[][] cut = new boolean[w][h];
        List<Long> cuts = n.subList(2, n.size());
        if (cuts.size() == 4) {
            for (int x = 0; x < cuts.get(0); x++) for (int y = 0; y < cuts.get(1); y++) cut[x][y] = true;
            cuts = cuts.subList(2, 4);
        }
        if (cuts.size() == 2) {
            for (int x = w - (int) (long) cuts.get(0); x < w; x++) {
                for (int y = h - (int) (long) cuts.get(1); y < h; y++) {
                    assertFalse(cut[x][y], "the cuts overlap: " + text);
                    cut[x][y] = true;
                }
            }
        }
        int left = 0;
        for (boolean[] col : cut) for (boolean c : col) left += c ? 0 : 1;
        return Integer.toString(left);
    }

    private static List<Long> numbers(String s) {
        List<Long> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+").matcher(s);
        while (m.find()) out.add(Long.parseLong(m.group()));
        return out;
    }
}
