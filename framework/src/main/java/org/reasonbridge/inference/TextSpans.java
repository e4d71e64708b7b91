package org.reasonbridge.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Positions in a thinking text that the detector's rules share: sentences, and where a pattern occurs.
 * Offsets are those of the raw text; {@link #normalise} keeps them by replacing characters one for one.
 */
final class TextSpans {
    private TextSpans() {
    }

    /** Markdown bold markers next to a word or a colon ({@code **Cost:**}), which would read as a power operator. */
    private static final Pattern BOLD = Pattern.compile("\\*\\*(?=[A-Za-z])|(?<=[A-Za-z:.)])\\*\\*");

    /**
     * The text the rules read, of the same length so offsets stay those of the raw text: the Unicode minus (U+2212)
     * and the en dash read as ASCII {@code -}, so "2 − x = 5" is an equation; Markdown bold markers become spaces.
     */
    static String normalise(String text) {
        return BOLD.matcher(text.replace('\u2212', '-').replace('\u2013', '-')).replaceAll("  ");
    }

    /** Where the sentence holding {@code at} starts. */
    static int sentenceStart(String text, int at) {
        int s = Math.min(at, text.length());
        while (s > 0 && !sentenceEnd(text, s - 1)) s--;
        return s;
    }

    /** Where the sentence holding {@code at} ends (exclusive: at its stop, or the end of the text). */
    static int sentenceEndAfter(String text, int at) {
        int e = at;
        while (e < text.length() && !sentenceEnd(text, e)) e++;
        return e;
    }

    /** The sentence around {@code at}, without its stop. */
    static String sentenceAround(String text, int at) {
        return text.substring(sentenceStart(text, at), sentenceEndAfter(text, at));
    }

    /** A full stop (not a decimal point), '!', '?' or a newline ends a sentence. */
    static boolean sentenceEnd(String text, int i) {
        char c = text.charAt(i);
        if (c == '.') return i + 1 >= text.length() || !Character.isDigit(text.charAt(i + 1));
        return c == '!' || c == '?' || c == '\n';
    }

    /** The sentences of {@code text}, trimmed, blank ones left out, in order. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int s = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || sentenceEnd(text, i)) {
                String sentence = text.substring(s, i).strip();
                if (!sentence.isEmpty()) out.add(sentence);
                s = i + 1;
            }
        }
        return out;
    }

    /** Where a pattern matches in a text (left to right, not overlapping), for questions about positions. */
    static final class Occurrences {
        private final int[] starts;
        private final int[] ends;

        Occurrences(Pattern p, String text) {
            this(p, text, start -> true);
        }

        /** Only the matches whose start {@code keep} accepts. */
        Occurrences(Pattern p, String text, IntPredicate keep) {
            List<int[]> found = new ArrayList<>();
            Matcher m = p.matcher(text);
            while (m.find()) if (keep.test(m.start())) found.add(new int[]{m.start(), m.end()});
            starts = found.stream().mapToInt(r -> r[0]).toArray();
            ends = found.stream().mapToInt(r -> r[1]).toArray();
        }

        /** Whether a match starts at or after {@code from}. */
        boolean after(int from) {
            return starts.length > 0 && starts[starts.length - 1] >= from;
        }

        /** Whether a match lies wholly within {@code [from, to)}. */
        boolean within(int from, int to) {
            int i = Arrays.binarySearch(starts, from);
            if (i < 0) i = -i - 1;
            return i < starts.length && ends[i] <= to;
        }
    }
}
