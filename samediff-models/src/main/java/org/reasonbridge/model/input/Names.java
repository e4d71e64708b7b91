package org.reasonbridge.model.input;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the known name closest to a mistyped one (a config key, a preset, a subcommand), by edit
 * distance ignoring case, when it is close enough to be the intended one.
 */
public final class Names {
    private Names() {
    }

    /** The closest of {@code known} to {@code given}, if within a third of its length (at least 2 edits). */
    public static Optional<String> closest(String given, Collection<String> known) {
        if (given == null || given.isEmpty()) return Optional.empty();
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            String kl = k.toLowerCase(Locale.ROOT);
            boolean prefix = g.length() >= 3 && kl.length() >= 3 && (kl.startsWith(g) || g.startsWith(kl));
            int d = prefix ? Math.min(1, Math.abs(kl.length() - g.length())) : distance(g, kl);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = Math.max(2, g.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean 'x'?)"}, or an empty string when nothing is close. */
    public static String didYouMean(String given, Collection<String> known) {
        return closest(given, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
