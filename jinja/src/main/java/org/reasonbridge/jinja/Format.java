package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;

/** Python's {@code "..." % args} and {@code "...".format(...)}, for the conversions templates use ({@code %s %d %r %f}, {@code {}}). */
final class Format {

    private Format() {
    }

    static String percent(Interpreter in, String format, Object args) {
        List<Object> values = args instanceof PyTuple t ? t.items() : java.util.Collections.singletonList(args);
        StringBuilder sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (++i >= format.length()) throw new TemplateException("ValueError: incomplete format");
            boolean left = false;
            boolean zero = false;
            while (i < format.length() && "-+ 0#".indexOf(format.charAt(i)) >= 0) {
                left |= format.charAt(i) == '-';
                zero |= format.charAt(i) == '0';
                i++;
            }
            int widthStart = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) i++;
            int width = i > widthStart ? Integer.parseInt(format.substring(widthStart, i)) : 0;
            in.checkSize(width);
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                int start = ++i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) i++;
                precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) throw new TemplateException("ValueError: incomplete format");
            char conv = format.charAt(i);
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            if (next >= values.size()) throw new TemplateException("TypeError: not enough arguments for format string");
            Object v = values.get(next++);
            int before = sb.length();
            switch (conv) {
                case 's', 'r' -> {
                    String text = conv == 's' ? Py.str(v) : Py.repr(v);
                    sb.append(precision >= 0 && precision < text.length() ? text.substring(0, precision) : text);
                }
                case 'd', 'i' -> {
                    if (!Py.isNumber(v)) throw new TemplateException("TypeError: %d format: a real number is required, not " + Py.typeName(v));
                    sb.append(v instanceof Double d ? (long) (double) d : Py.toLong(v));
                }
                case 'f' -> {
                    if (!Py.isNumber(v)) throw new TemplateException("TypeError: must be real number, not " + Py.typeName(v));
                    sb.append(new java.math.BigDecimal(Py.toDouble(v))
                            .setScale(precision < 0 ? 6 : precision, java.math.RoundingMode.HALF_EVEN).toPlainString());
                }
                default -> throw new TemplateException("ValueError: unsupported format character '" + conv + "'");
            }
            int written = sb.length() - before;
            if (written < width) {
                String pad = (zero && !left && conv != 's' && conv != 'r' ? "0" : " ").repeat(width - written);
                if (left) sb.append(pad);
                else sb.insert(before, pad);
            }
            in.checkSize(sb.length());
        }
        if (next < values.size() && args instanceof PyTuple) {
            throw new TemplateException("TypeError: not all arguments converted during string formatting");
        }
        return sb.toString();
    }

    /** {@code str.format}: {@code {}}, {@code {0}}, {@code {name}} and {@code {{ }}} escapes; no format specs. */
    static String braces(Interpreter in, String format, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < format.length() && format.charAt(i + 1) == c) {
                sb.append(c);
                i++;
            } else if (c == '{') {
                int end = format.indexOf('}', i);
                if (end < 0) throw new TemplateException("ValueError: Single '{' encountered in format string");
                String field = format.substring(i + 1, end);
                if (field.contains(":") || field.contains("!")) {
                    throw new TemplateException("ValueError: format specs are not supported: {" + field + "}");
                }
                Object v;
                if (field.isEmpty()) v = arg(args, auto++);
                else if (field.chars().allMatch(Character::isDigit)) v = arg(args, Integer.parseInt(field));
                else if (kwargs.containsKey(field)) v = kwargs.get(field);
                else throw new TemplateException("KeyError: '" + field + "'");
                sb.append(Py.str(v));
                in.checkSize(sb.length());
                i = end;
            } else if (c == '}') {
                throw new TemplateException("ValueError: Single '}' encountered in format string");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Object arg(List<Object> args, int i) {
        if (i >= args.size()) throw new TemplateException("IndexError: Replacement index " + i + " out of range");
        return args.get(i);
    }
}
