package org.reasonbridge.jinja;

/** Decodes the backslash escapes of a Jinja2 string literal the way Python's {@code unicode_escape} codec does. */
final class StringEscapes {

    private StringEscapes() {
    }

    static String unescape(String body, int line) {
        if (body.indexOf('\\') < 0) return body;
        StringBuilder sb = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case 'x' -> i = hex(body, i, 2, sb, line);
                case 'u' -> i = hex(body, i, 4, sb, line);
                case 'U' -> i = hex(body, i, 8, sb, line);
                case 'N' -> i = named(body, i, sb, line);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i - 1;
                        while (end < body.length() && end < i + 2 && body.charAt(end) >= '0' && body.charAt(end) <= '7') end++;
                        sb.appendCodePoint(Integer.parseInt(body.substring(i - 1, end), 8));
                        i = end;
                    } else {
                        sb.append('\\').append(e); // Python keeps unknown escapes as written
                    }
                }
            }
        }
        return sb.toString();
    }

    private static int hex(String body, int from, int digits, StringBuilder sb, int line) {
        if (from + digits > body.length()) throw truncated(line);
        String hex = body.substring(from, from + digits);
        try {
            int cp = Integer.parseUnsignedInt(hex, 16);
            if (!hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0) || !Character.isValidCodePoint(cp)) {
                throw truncated(line);
            }
            sb.appendCodePoint(cp);
        } catch (NumberFormatException ex) {
            throw truncated(line);
        }
        return from + digits;
    }

    /** {@code \N{LATIN SMALL LETTER E WITH ACUTE}}. */
    private static int named(String body, int from, StringBuilder sb, int line) {
        int end = body.indexOf('}', from);
        if (from >= body.length() || body.charAt(from) != '{' || end < 0) {
            throw new TemplateSyntaxException("malformed \\N character escape", line);
        }
        try {
            sb.appendCodePoint(Character.codePointOf(body.substring(from + 1, end)));
        } catch (IllegalArgumentException e) {
            throw new TemplateSyntaxException("unknown Unicode character name", line);
        }
        return end + 1;
    }

    private static TemplateSyntaxException truncated(int line) {
        return new TemplateSyntaxException("truncated or invalid \\x, \\u or \\U escape in string literal", line);
    }
}
