package org.reasonbridge.jinja;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits template source into tokens exactly as Jinja2's lexer does with {@code trim_blocks=True} and
 * {@code lstrip_blocks=True}: newlines normalised to {@code \n}, one trailing newline dropped, {@code -}
 * strips whitespace beside a tag, {@code +} disables lstrip/trim for it.
 */
final class Lexer {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern FLOAT = Pattern.compile(
            "(?<!\\.)(\\d+_)*\\d+((\\.(\\d+_)*\\d+)?[eE][+\\-]?(\\d+_)*\\d+|\\.(\\d+_)*\\d+)");
    private static final Pattern INTEGER = Pattern.compile(
            "(?i)(0b(_?[0-1])+|0o(_?[0-7])+|0x(_?[\\da-f])+|[1-9](_?\\d)*|0(_?0)*)");
    private static final Pattern NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");
    private static final Pattern STRING = Pattern.compile(
            "'([^'\\\\]*(?:\\\\.[^'\\\\]*)*)'|\"([^\"\\\\]*(?:\\\\.[^\"\\\\]*)*)\"", Pattern.DOTALL);
    private static final String[] OPERATORS = {"//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~",
        "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"};
    private static final Pattern RAW_BEGIN = Pattern.compile("\\{%([-+]?)\\s*raw\\s*(-%\\}\\s*|%\\})");
    private static final Pattern RAW_END = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(\\+%\\}|-%\\}\\s*|%\\}\\n?)");

    private final String src;
    private final int[] lineStarts;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private boolean lineStarting = true;

    private Lexer(String source) {
        String normalised = source.replace("\r\n", "\n").replace('\r', '\n');
        // keep_trailing_newline=False: Jinja2 drops a single newline at the very end of the template
        this.src = normalised.endsWith("\n") ? normalised.substring(0, normalised.length() - 1) : normalised;
        this.lineStarts = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0),
                java.util.stream.IntStream.range(0, src.length()).filter(i -> src.charAt(i) == '\n').map(i -> i + 1)).toArray();
    }

    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    /** 1-based line of an offset, by binary search over the line starts (templates can be long). */
    private int line(int at) {
        int i = java.util.Arrays.binarySearch(lineStarts, at);
        return i >= 0 ? i + 1 : -i - 1;
    }

    private void run() {
        while (pos < src.length()) {
            int start = nextTagStart(pos);
            if (start < 0) {
                emitText(src.substring(pos), pos);
                break;
            }
            char kind = src.charAt(start + 1);
            Matcher raw = RAW_BEGIN.matcher(src).region(start, src.length());
            boolean isRaw = kind == '%' && raw.lookingAt();
            char sign = start + 2 < src.length() ? src.charAt(start + 2) : ' ';
            String text = src.substring(pos, start);
            if (sign == '-') {
                text = Py.rstripSpace(text);
            } else if (sign != '+' && kind != '{') {
                text = lstrip(text);
            }
            emitText(text, pos);
            int afterOpen = start + 2 + (sign == '-' || sign == '+' ? 1 : 0);
            if (isRaw) {
                lineStarting = src.charAt(raw.end() - 1) == '\n';
                lexRaw(raw.end(), start);
            } else if (kind == '#') {
                lexComment(afterOpen, start);
            } else {
                lexTag(kind == '%', afterOpen, start);
            }
        }
        tokens.add(new Token(Token.Kind.EOF, "", line(src.length())));
    }

    private int nextTagStart(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') return i;
        }
        return -1;
    }

    /** lstrip_blocks: drop spaces and tabs between the start of the line and a block or comment tag. */
    private String lstrip(String text) {
        int lineStart = text.lastIndexOf('\n') + 1;
        if (lineStart > 0 || lineStarting) {
            for (int i = lineStart; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != ' ' && c != '\t') return text;
            }
            return text.substring(0, lineStart);
        }
        return text;
    }

    private void emitText(String text, int at) {
        if (!text.isEmpty()) tokens.add(new Token(Token.Kind.TEXT, text, line(at)));
    }

    private void lexComment(int from, int tagStart) {
        int end = src.indexOf("#}", from);
        if (end < 0) throw new TemplateSyntaxException("Missing end of comment tag", line(tagStart));
        char before = end > from ? src.charAt(end - 1) : ' ';
        pos = finishTag(end + 2, before);
    }

    /** After a block or comment end: {@code -} eats following whitespace, plain (trim_blocks) eats one newline. */
    private int finishTag(int after, char sign) {
        int p = after;
        if (sign == '-') {
            while (p < src.length() && Py.isSpace(src.charAt(p))) p++;
        } else if (sign != '+' && p < src.length() && src.charAt(p) == '\n') {
            p++;
        }
        lineStarting = p > after ? src.charAt(p - 1) == '\n' : src.charAt(after - 1) == '\n';
        return p;
    }

    private void lexRaw(int bodyStart, int tagStart) {
        Matcher end = RAW_END.matcher(src);
        if (!end.find(bodyStart)) throw new TemplateSyntaxException("Missing end of raw directive", line(tagStart));
        String body = src.substring(bodyStart, end.start());
        String sign = end.group(1);
        if (sign.equals("-")) {
            body = Py.rstripSpace(body);
        } else if (!sign.equals("+")) {
            body = lstrip(body);
        }
        emitText(body, bodyStart);
        pos = end.end();
        lineStarting = src.charAt(pos - 1) == '\n';
    }

    private void lexTag(boolean block, int from, int tagStart) {
        tokens.add(new Token(block ? Token.Kind.BLOCK_BEGIN : Token.Kind.VARIABLE_BEGIN, "", line(tagStart)));
        String close = block ? "%}" : "}}";
        Deque<Character> balance = new ArrayDeque<>();
        int p = from;
        while (true) {
            if (p >= src.length()) {
                throw new TemplateSyntaxException("unexpected end of template, expected '" + close + "'", line(tagStart));
            }
            if (balance.isEmpty()) {
                if (src.startsWith("-" + close, p)) {
                    tokens.add(new Token(block ? Token.Kind.BLOCK_END : Token.Kind.VARIABLE_END, "", line(p)));
                    pos = block ? finishTag(p + 3, '-') : finishVariable(p + 3, true);
                    return;
                }
                if (block && src.startsWith("+" + close, p)) {
                    tokens.add(new Token(Token.Kind.BLOCK_END, "", line(p)));
                    pos = finishTag(p + 3, '+');
                    return;
                }
                if (src.startsWith(close, p)) {
                    tokens.add(new Token(block ? Token.Kind.BLOCK_END : Token.Kind.VARIABLE_END, "", line(p)));
                    pos = block ? finishTag(p + 2, ' ') : finishVariable(p + 2, false);
                    return;
                }
            }
            p = lexExpressionToken(p, balance);
        }
    }

    private int finishVariable(int after, boolean stripAfter) {
        int p = after;
        if (stripAfter) {
            while (p < src.length() && Py.isSpace(src.charAt(p))) p++;
        }
        lineStarting = src.charAt(p - 1) == '\n';
        return p;
    }

    private int lexExpressionToken(int p, Deque<Character> balance) {
        int line = line(p);
        Matcher m = WHITESPACE.matcher(src).region(p, src.length());
        if (m.lookingAt()) return m.end();
        m = FLOAT.matcher(src).region(p, src.length()).useTransparentBounds(true);
        if (m.lookingAt()) {
            tokens.add(new Token(Token.Kind.FLOAT, m.group().replace("_", ""), line));
            return m.end();
        }
        m = INTEGER.matcher(src).region(p, src.length());
        if (m.lookingAt()) {
            tokens.add(new Token(Token.Kind.INTEGER, m.group().replace("_", ""), line));
            return m.end();
        }
        m = NAME.matcher(src).region(p, src.length());
        if (m.lookingAt()) {
            tokens.add(new Token(Token.Kind.NAME, m.group(), line));
            return m.end();
        }
        m = STRING.matcher(src).region(p, src.length());
        if (m.lookingAt()) {
            String body = m.group(1) != null ? m.group(1) : m.group(2);
            tokens.add(new Token(Token.Kind.STRING, StringEscapes.unescape(body, line), line));
            return m.end();
        }
        for (String op : OPERATORS) {
            if (src.startsWith(op, p)) {
                trackBalance(op, balance, line);
                tokens.add(new Token(Token.Kind.OPERATOR, op, line));
                return p + op.length();
            }
        }
        throw new TemplateSyntaxException("unexpected char " + Py.stringRepr(String.valueOf(src.charAt(p))), line);
    }

    private static void trackBalance(String op, Deque<Character> balance, int line) {
        switch (op) {
            case "(" -> balance.push(')');
            case "[" -> balance.push(']');
            case "{" -> balance.push('}');
            case ")", "]", "}" -> {
                if (balance.isEmpty()) throw new TemplateSyntaxException("unexpected '" + op + "'", line);
                char expected = balance.pop();
                if (expected != op.charAt(0)) {
                    throw new TemplateSyntaxException("unexpected '" + op + "', expected '" + expected + "'", line);
                }
            }
            default -> { }
        }
    }
}
