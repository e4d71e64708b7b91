package org.reasonbridge.curation.pool;

import org.reasonbridge.data.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A made-up pool for benchmarks ({@code bench curation}) and scale tests: 30–70 word problems mixing common words,
 * numbers, formulas and made-up words, plus about 5% exact copies (respaced, recased) and 5% near copies (one word
 * inserted) of earlier problems. Deterministic for a seed; every item is clearly fake.
 */
public final class SyntheticPool {
    private static final String[] COMMON = ("the of a to and in is that find let be if with for what how many are "
            + "number integer sum value each such positive real prove show compute given where there all two three").split(" ");
    private static final String[] SYLLABLES = "ka lo mi ren tu vas zor pel qui bex dra fon gli hum jat nix orb pra sut wem".split(" ");
    private SyntheticPool() {
    }

    public static List<Problem> problems(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Problem> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double roll = r.nextDouble();
            String q;
            if (i > 10 && roll < 0.05) {
                q = "  " + out.get(r.nextInt(i)).question().toUpperCase().replace(" ", "  ") + " "; // exact after normalisation
            } else if (i > 10 && roll < 0.10) {
                q = out.get(r.nextInt(i)).question().replaceFirst(" ", " surely "); // near: one word inserted
            } else {
                q = "(Fake item) " + sentence(r, 30 + r.nextInt(40)) + "?";
            }
            out.add(new Problem("synthetic:" + i, q, Integer.toString(r.nextInt(1000)), List.of(), Map.of("source", "synthetic")));
        }
        return out;
    }

    /** Words: half common English, a quarter numbers and symbols, a quarter made-up words of 2–3 syllables. */
    private static String sentence(SplittableRandom r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) sb.append(' ');
            double k = r.nextDouble();
            if (k < 0.5) sb.append(COMMON[r.nextInt(COMMON.length)]);
            else if (k < 0.65) sb.append(r.nextInt(1000));
            else if (k < 0.75) sb.append("$x_").append(r.nextInt(20)).append(" + ").append(r.nextInt(100)).append('$');
            else for (int s = 0, n = 2 + r.nextInt(2); s < n; s++) sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        return sb.toString();
    }
}
