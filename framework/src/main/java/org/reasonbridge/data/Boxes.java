package org.reasonbridge.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code \boxed{...}} commands of a text (braces balanced, {@code \{ \}} escaped): by convention the final
 * answer. One home for the brace matching that the grader, the level segmenter and the sweep all need.
 */
public final class Boxes {
    /** One {@code \boxed{...}}: the whole command is {@code [start, end)}, its content {@code [contentStart, end - 1)}. */
    public record Box(int start, int contentStart, int end) {
        /** What the box holds, without the command and its outer braces. */
        public String content(String text) {
            return text.substring(contentStart, end - 1);
        }
    }

    private static final String BOXED = "\\boxed";

    private Boxes() {
    }

    /** Every {@code \boxed{...}} of {@code text}, in order (a box inside another comes after it). */
    public static List<Box> all(String text) {
        return all(text, BOXED);
    }

    /** Every {@code command{...}} of {@code text} (e.g. {@code \fbox}), with spaces allowed before the brace. */
    public static List<Box> all(String text, String command) {
        List<Box> out = new ArrayList<>();
        for (int at = text.indexOf(command); at >= 0; at = text.indexOf(command, at + 1)) {
            int brace = at + command.length();
            while (brace < text.length() && text.charAt(brace) == ' ') brace++;
            if (brace >= text.length() || text.charAt(brace) != '{') continue;
            int close = matchingBrace(text, brace);
            if (close > 0) out.add(new Box(at, brace + 1, close + 1));
        }
        return out;
    }

    /** The last {@code \boxed{...}}. */
    public static Optional<Box> last(String text) {
        return last(text, BOXED);
    }

    /** The last {@code command{...}}. */
    public static Optional<Box> last(String text, String command) {
        List<Box> all = all(text, command);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** What the last {@code \boxed{...}} holds. */
    public static Optional<String> lastContent(String text) {
        return last(text).map(b -> b.content(text));
    }

    /** Index of the brace closing the one at {@code open}; -1 when unbalanced. */
    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++; // \{ and \} are literal braces
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
