package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Python's {@code str} methods with their exact edge cases ({@code split()} vs {@code split(sep)}, {@code maxsplit}, chars sets). */
final class PyStrings {

    private PyStrings() {
    }

    static Object call(Interpreter in, String s, String name, CallArgs a) {
        switch (name) {
            case "strip": return strip(s, a.check(1).string(0, "chars", null), true, true);
            case "lstrip": return strip(s, a.check(1).string(0, "chars", null), true, false);
            case "rstrip": return strip(s, a.check(1).string(0, "chars", null), false, true);
            case "split": return split(s, a.check(2, "sep", "maxsplit").string(0, "sep", null), a.integer(1, "maxsplit", -1));
            case "rsplit": return rsplit(s, a.check(2, "sep", "maxsplit").string(0, "sep", null), a.integer(1, "maxsplit", -1));
            case "splitlines": return new TemplateList(splitlines(s, a.check(1, "keepends").bool(0, "keepends", false)));
            case "startswith": return affix(s, a.check(1).required(0, "prefix"), true);
            case "endswith": return affix(s, a.check(1).required(0, "suffix"), false);
            case "replace": {
                a.check(3, "count");
                return replace(in, s, a.string(0, "old", null), a.string(1, "new", null), a.integer(2, "count", -1));
            }
            case "upper": return s.toUpperCase(Locale.ROOT);
            case "lower": return s.toLowerCase(Locale.ROOT);
            case "casefold": return s.toLowerCase(Locale.ROOT);
            case "swapcase": {
                StringBuilder sb = new StringBuilder();
                s.codePoints().forEach(cp -> sb.appendCodePoint(Character.isUpperCase(cp) ? Character.toLowerCase(cp)
                        : Character.isLowerCase(cp) ? Character.toUpperCase(cp) : cp));
                return sb.toString();
            }
            case "title": return title(s);
            case "capitalize": return capitalize(s);
            case "find": return (long) cpIndex(s, s.indexOf(a.check(1).string(0, "sub", null)));
            case "rfind": return (long) cpIndex(s, s.lastIndexOf(a.check(1).string(0, "sub", null)));
            case "index", "rindex": {
                String sub = a.check(1).string(0, "sub", null);
                int i = name.equals("index") ? s.indexOf(sub) : s.lastIndexOf(sub);
                if (i < 0) throw new TemplateException("ValueError: substring not found");
                return (long) cpIndex(s, i);
            }
            case "count": return count(s, a.check(1).string(0, "sub", null));
            case "join": {
                List<Object> parts = Py.iterate(a.check(1).required(0, "iterable"));
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < parts.size(); i++) {
                    if (!(parts.get(i) instanceof String p)) {
                        throw new TemplateException("TypeError: sequence item " + i + ": expected str instance, "
                                + Py.typeName(parts.get(i)) + " found");
                    }
                    if (i > 0) sb.append(s);
                    sb.append(p);
                    in.checkSize(sb.length());
                }
                return sb.toString();
            }
            case "format": return Format.braces(in, s, a.positional(), a.keyword());
            case "isdigit", "isnumeric", "isdecimal": return !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha": return !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum": return !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace": return !s.isEmpty() && s.codePoints().allMatch(Py::isSpace);
            case "islower": return isCased(s, true);
            case "isupper": return isCased(s, false);
            case "partition", "rpartition": {
                String sep = a.check(1).string(0, "sep", null);
                int i = name.equals("partition") ? s.indexOf(sep) : s.lastIndexOf(sep);
                if (i < 0) {
                    return name.equals("partition") ? new PyTuple(List.of(s, "", "")) : new PyTuple(List.of("", "", s));
                }
                return new PyTuple(List.of(s.substring(0, i), sep, s.substring(i + sep.length())));
            }
            case "center", "ljust", "rjust", "zfill": return pad(in, s, name, a);
            default: throw new IllegalStateException(name);
        }
    }

    private static int cpIndex(String s, int charIndex) {
        return charIndex < 0 ? -1 : s.codePointCount(0, charIndex);
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && stripped(s.codePointAt(start), chars)) start += Character.charCount(s.codePointAt(start));
        while (right && end > start && stripped(s.codePointBefore(end), chars)) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? Py.isSpace(cp) : chars.indexOf(cp) >= 0;
    }

    static TemplateList split(String s, String sep, long maxsplit) {
        TemplateList out = new TemplateList();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Py.isSpace(s.charAt(i))) i++;
                if (i >= n) break;
                if (maxsplit >= 0 && out.size() >= maxsplit) {
                    out.add(s.substring(i)); // the rest keeps its trailing whitespace, as in Python
                    break;
                }
                int j = i;
                while (j < n && !Py.isSpace(s.charAt(j))) j++;
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        if (sep.isEmpty()) throw new TemplateException("ValueError: empty separator");
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int i = s.indexOf(sep, from);
            if (i < 0) break;
            out.add(s.substring(from, i));
            from = i + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    static TemplateList rsplit(String s, String sep, long maxsplit) {
        if (maxsplit < 0) return split(s, sep, -1);
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            while (true) {
                while (j > 0 && Py.isSpace(s.charAt(j - 1))) j--;
                if (j <= 0) break;
                if (out.size() >= maxsplit) {
                    out.add(s.substring(0, j));
                    break;
                }
                int i = j;
                while (i > 0 && !Py.isSpace(s.charAt(i - 1))) i--;
                out.add(s.substring(i, j));
                j = i;
            }
        } else {
            if (sep.isEmpty()) throw new TemplateException("ValueError: empty separator");
            int end = s.length();
            while (out.size() < maxsplit) {
                int i = s.lastIndexOf(sep, end - sep.length());
                if (i < 0) break;
                out.add(s.substring(i + sep.length(), end));
                end = i;
            }
            out.add(s.substring(0, end));
        }
        Collections.reverse(out);
        return new TemplateList(out);
    }

    /** {@code str.splitlines}: every Unicode line boundary Python knows, {@code \r\n} as one. */
    static List<String> splitlines(String s, boolean keepends) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int width = c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
            if ("\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0) {
                out.add(s.substring(start, keepends ? i + width : i));
                start = i + width;
            }
            i += width;
        }
        if (start < s.length()) out.add(s.substring(start));
        return out;
    }

    private static boolean affix(String s, Object arg, boolean prefix) {
        List<Object> options = arg instanceof PyTuple t ? t.items() : List.of(arg);
        for (Object o : options) {
            if (!(o instanceof String a)) {
                throw new TemplateException("TypeError: " + (prefix ? "startswith" : "endswith")
                        + " first arg must be str or a tuple of str, not " + Py.typeName(o));
            }
            if (prefix ? s.startsWith(a) : s.endsWith(a)) return true;
        }
        return false;
    }

    static String replace(Interpreter in, String s, String old, String replacement, long count) {
        if (old == null || replacement == null) throw new TemplateException("TypeError: replace() needs two strings");
        long n = count < 0 ? Long.MAX_VALUE : count;
        StringBuilder sb = new StringBuilder();
        if (old.isEmpty()) {
            // Python inserts the replacement before every character and at the end
            List<String> chars = Py.chars(s);
            for (int i = 0; i <= chars.size(); i++) {
                if (i < n) sb.append(replacement);
                if (i < chars.size()) sb.append(chars.get(i));
                in.checkSize(sb.length());
            }
            return sb.toString();
        }
        int from = 0;
        for (long done = 0; done < n; done++) {
            int i = s.indexOf(old, from);
            if (i < 0) break;
            sb.append(s, from, i).append(replacement);
            in.checkSize(sb.length());
            from = i + old.length();
        }
        return sb.append(s.substring(from)).toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) return s.codePointCount(0, s.length()) + 1L;
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) n++;
        return n;
    }

    private static boolean cased(int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    /** Python's {@code str.title}: a cased character after an uncased one is upper-cased, others lower-cased. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            sb.append(prevCased ? new String(Character.toChars(cp)).toLowerCase(Locale.ROOT) : titleCase(cp));
            prevCased = cased(cp);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String titleCase(int cp) {
        int t = Character.toTitleCase(cp);
        return t != cp ? new String(Character.toChars(t)) : new String(Character.toChars(cp)).toUpperCase(Locale.ROOT);
    }

    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        int len = Character.charCount(first);
        return titleCase(first) + s.substring(len).toLowerCase(Locale.ROOT);
    }

    private static boolean isCased(String s, boolean lower) {
        boolean any = false;
        for (int cp : s.codePoints().toArray()) {
            if (lower ? Character.isUpperCase(cp) || Character.isTitleCase(cp) : Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            any |= cased(cp);
        }
        return any;
    }

    private static String pad(Interpreter in, String s, String how, CallArgs a) {
        long width = a.check(2).integer(0, "width", 0);
        in.checkSize(width);
        String fill = how.equals("zfill") ? "0" : a.string(1, "fillchar", " ");
        int len = s.codePointCount(0, s.length());
        if (width <= len) return s;
        int total = (int) width - len;
        return switch (how) {
            case "ljust" -> s + fill.repeat(total);
            case "rjust" -> fill.repeat(total) + s;
            case "zfill" -> {
                boolean sign = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-');
                yield sign ? s.charAt(0) + "0".repeat(total) + s.substring(1) : "0".repeat(total) + s;
            }
            default -> {
                // CPython: left = marg / 2 + (marg & width & 1)
                int left = total / 2 + (int) (total & width & 1);
                yield fill.repeat(left) + s + fill.repeat(total - left);
            }
        };
    }
}
