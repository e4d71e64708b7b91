package org.reasonbridge.bench;

import org.reasonbridge.grading.Grader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** Pairs/s of the math grader on simple answers (integers, fractions, decimals, short boxed completions). */
@Command(name = "grading", mixinStandardHelpOptions = true,
        description = "Pairs/s of `grade --kind math` on simple answers, single thread (goal: >= 10,000).")
final class GradingBench implements Callable<Integer> {
    @Option(names = "--pairs", paramLabel = "N", defaultValue = "200000", description = "Timed pairs. Default: ${DEFAULT-VALUE}.")
    int pairs;

    @Override
    public Integer call() {
        String[][] data = pairs(Math.max(1, pairs), new SplittableRandom(7));
        int warm = 0;
        for (int i = 0; i < Math.min(50_000, data.length * 2); i++) if (grade(data[i % data.length])) warm++;
        long start = System.nanoTime();
        int right = 0;
        for (String[] p : data) if (grade(p)) right++;
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("grading: %d pairs in %.3f s = %.0f pairs/s (%d judged equal; warm-up %d)%n",
                data.length, seconds, data.length / seconds, right, warm);
        return 0;
    }

    private static boolean grade(String[] p) {
        return Grader.MATH.grade(p[0], p[1], List.of());
    }

    /** A mix of the answer forms a benchmark's simple rows have, about half of them equal. */
    static String[][] pairs(int n, SplittableRandom r) {
        String[][] out = new String[n][];
        for (int i = 0; i < n; i++) {
            int a = r.nextInt(1, 1000), b = r.nextInt(1, 20), off = r.nextBoolean() ? 0 : 1;
            out[i] = switch (i % 6) {
                case 0 -> new String[]{String.valueOf(a + off), String.valueOf(a)};
                case 1 -> new String[]{"0" + (a + off), String.valueOf(a)};
                case 2 -> new String[]{"\\frac{" + (2 * a + off) + "}{" + 2 * b + "}", "\\frac{" + a + "}{" + b + "}"};
                case 3 -> new String[]{String.valueOf((a + off) / 4.0), "\\frac{" + a + "}{4}"};
                case 4 -> new String[]{"So the area is $\\boxed{" + (a + off) + "}$.", String.valueOf(a)};
                default -> new String[]{"x = " + (a + off), String.valueOf(a)};
            };
        }
        return out;
    }
}
