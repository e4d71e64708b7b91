package org.reasonbridge.notebook;

/** HTML text helpers for the display helpers: everything a user or a model wrote is escaped. */
final class Html {
    private Html() {
    }

    /** {@code text} with the five HTML-special characters escaped. */
    static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escape(text, 0, text.length(), out);
        return out.toString();
    }

    /** Appends {@code text[from, to)} escaped. */
    static void escape(CharSequence text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
