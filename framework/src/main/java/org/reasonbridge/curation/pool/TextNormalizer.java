package org.reasonbridge.curation.pool;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Problem text made comparable: Unicode NFKC (full-width digits, ligatures, superscripts fold to plain forms),
 * LaTeX spacing removed ({@code \,} {@code \;} {@code \!} {@code \quad}, {@code \left}/{@code \right}, {@code $}
 * delimiters, spaces around braces and operators), whitespace collapsed, and — for comparison only, never for the
 * stored problem — case folded. {@link #words} is what the 8-gram decontamination and word shingles count.
 */
public final class TextNormalizer {
    private static final Pattern LATEX_SPACE = Pattern.compile("\\\\[,;:! ]|\\\\q?quad\\b|\\\\(?:left|right)\\b|\\$");
    private static final Pattern AROUND_SYMBOL = Pattern.compile("\\s*([{}()\\[\\]^_=+\\-*/<>,.;:?!])\\s*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TextNormalizer() {
    }

    /** NFKC, LaTeX spacing and whitespace normalised; case kept. */
    public static String normalise(String text) {
        String s = java.text.Normalizer.normalize(text, Form.NFKC);
        s = LATEX_SPACE.matcher(s).replaceAll(" ");
        s = SPACES.matcher(s).replaceAll(" ").strip();
        return AROUND_SYMBOL.matcher(s).replaceAll("$1");
    }

    /** {@link #normalise} then case-folded (upper then lower, so e.g. 'ß' and 'SS' compare equal): for comparison only. */
    public static String comparable(String text) {
        return normalise(text).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** The words of {@link #comparable} text: maximal runs of letters and digits; punctuation and symbols separate them. */
    public static List<String> words(String text) {
        String s = comparable(text);
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean word = i < s.length() && Character.isLetterOrDigit(s.charAt(i));
            if (word && start < 0) start = i;
            if (!word && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
        }
        return out;
    }
}
