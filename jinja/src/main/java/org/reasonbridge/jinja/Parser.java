package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns tokens into statement nodes. Supports the tags Hugging Face chat templates use: {@code if}, {@code for}
 * (with {@code else}, inline {@code if}, {@code break}, {@code continue}), {@code set} (plain, tuple, namespace
 * attribute, block), {@code macro}, {@code filter}, {@code with} and transformers' {@code generation}.
 */
final class Parser extends ExpressionParser {

    private final int maxNesting;
    private int blockDepth;

    private Parser(List<Token> tokens, int maxNesting) {
        super(tokens, maxNesting);
        this.maxNesting = maxNesting;
    }

    static List<Node> parse(String source, Limits limits) {
        Parser parser = new Parser(Lexer.tokenize(source), limits.maxNesting());
        List<Node> nodes = parser.subparse(Set.of());
        return nodes;
    }

    /** Nodes up to (not including) a block whose tag name is in {@code endTags}; the cursor is left on that name. */
    private List<Node> subparse(Set<String> endTags) {
        if (++blockDepth > maxNesting) throw fail("blocks nested too deeply");
        List<Node> body = new ArrayList<>();
        while (true) {
            Token t = current();
            switch (t.kind()) {
                case EOF -> {
                    if (!endTags.isEmpty()) {
                        throw fail("Unexpected end of template. Jinja was looking for the following tags: "
                                + String.join(" or ", endTags.stream().sorted().map(s -> "'" + s + "'").toList()));
                    }
                    blockDepth--;
                    return body;
                }
                case TEXT -> body.add(new Node.Text(next().value(), t.line()));
                case VARIABLE_BEGIN -> {
                    next();
                    Expr e = parseTuple(true, Set.of(), false);
                    expect(Token.Kind.VARIABLE_END, null);
                    body.add(new Node.Print(e, t.line()));
                }
                case BLOCK_BEGIN -> {
                    next();
                    if (current().kind() == Token.Kind.NAME && endTags.contains(current().value())) {
                        blockDepth--;
                        return body;
                    }
                    body.add(parseStatement());
                }
                default -> throw fail("unexpected " + t.describe());
            }
        }
    }

    /** Consumes {@code {% name %}} after {@link #subparse} stopped on it. */
    private void endTag(String name) {
        expect(Token.Kind.NAME, name);
        expect(Token.Kind.BLOCK_END, null);
    }

    private List<Node> body(String endTag) {
        expect(Token.Kind.BLOCK_END, null);
        List<Node> body = subparse(Set.of(endTag));
        endTag(endTag);
        return body;
    }

    private Node parseStatement() {
        Token t = current();
        if (t.kind() != Token.Kind.NAME) throw fail("tag name expected");
        int line = t.line();
        next();
        return switch (t.value()) {
            case "if" -> parseIf(line);
            case "for" -> parseFor(line);
            case "set" -> parseSet(line);
            case "macro" -> parseMacro(line);
            case "filter" -> {
                Expr filter = parseFilter(null, true);
                yield new Node.FilterBlock(filter, body("endfilter"), line);
            }
            case "with" -> parseWith(line);
            case "generation" -> new Node.Scope(body("endgeneration"), line);
            case "break" -> {
                expect(Token.Kind.BLOCK_END, null);
                yield new Node.Break(line);
            }
            case "continue" -> {
                expect(Token.Kind.BLOCK_END, null);
                yield new Node.Continue(line);
            }
            default -> throw new TemplateSyntaxException("Encountered unknown tag '" + t.value() + "'", line);
        };
    }

    private Node parseIf(int line) {
        List<Expr> tests = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        List<Node> otherwise = List.of();
        tests.add(parseTuple(false, Set.of(), false));
        expect(Token.Kind.BLOCK_END, null);
        while (true) {
            bodies.add(subparse(Set.of("elif", "else", "endif")));
            String tag = next().value();
            if (tag.equals("elif")) {
                tests.add(parseTuple(false, Set.of(), false));
                expect(Token.Kind.BLOCK_END, null);
            } else if (tag.equals("else")) {
                otherwise = body("endif");
                break;
            } else {
                expect(Token.Kind.BLOCK_END, null);
                break;
            }
        }
        return new Node.If(tests, bodies, otherwise, line);
    }

    private Node parseFor(int line) {
        List<String> targets = parseTargets(Set.of("in"));
        expect(Token.Kind.NAME, "in");
        Expr iterable = parseTuple(false, Set.of("recursive"), false);
        Expr filter = skipName("if") ? parseExpression() : null;
        if (current().isName("recursive")) throw fail("recursive for loops are not supported");
        expect(Token.Kind.BLOCK_END, null);
        List<Node> body = subparse(Set.of("endfor", "else"));
        List<Node> otherwise = List.of();
        if (next().value().equals("else")) {
            otherwise = body("endfor");
        } else {
            expect(Token.Kind.BLOCK_END, null);
        }
        return new Node.For(targets, iterable, filter, body, otherwise, line);
    }

    /** {@code a}, {@code a, b} or {@code (a, b)}: the names a for loop or set unpacks into. */
    private List<String> parseTargets(Set<String> extraEnd) {
        boolean parens = skipOperator("(");
        List<String> names = new ArrayList<>();
        do {
            if (parens && current().isOperator(")")) break;
            Token t = expect(Token.Kind.NAME, null);
            if (Set.of("true", "false", "none", "True", "False", "None").contains(t.value())) {
                throw new TemplateSyntaxException("can't assign to constant '" + t.value() + "'", t.line());
            }
            names.add(t.value());
        } while (skipOperator(",") && !(current().kind() == Token.Kind.NAME && extraEnd.contains(current().value())));
        if (parens) expectOperator(")");
        return names;
    }

    private Node parseSet(int line) {
        if (current().kind() == Token.Kind.NAME && look().isOperator(".")) {
            String namespace = next().value();
            next();
            String attribute = expect(Token.Kind.NAME, null).value();
            expectOperator("=");
            Expr value = parseTuple(true, Set.of(), false);
            expect(Token.Kind.BLOCK_END, null);
            return new Node.SetAttribute(namespace, attribute, value, line);
        }
        List<String> targets = parseTargets(Set.of());
        if (skipOperator("=")) {
            Expr value = parseTuple(true, Set.of(), false);
            expect(Token.Kind.BLOCK_END, null);
            return new Node.Set(targets, value, line);
        }
        if (targets.size() != 1) throw fail("a block set assigns exactly one name");
        Expr filter = current().isOperator("|") ? parseFilter(null, false) : null;
        return new Node.SetBlock(targets.get(0), body("endset"), filter, line);
    }

    private Node parseMacro(int line) {
        String name = expect(Token.Kind.NAME, null).value();
        expectOperator("(");
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        while (!current().isOperator(")")) {
            if (!params.isEmpty()) expectOperator(",");
            params.add(expect(Token.Kind.NAME, null).value());
            if (skipOperator("=")) {
                defaults.add(parseExpression());
            } else if (!defaults.isEmpty()) {
                throw fail("non-default argument follows default argument");
            }
        }
        expectOperator(")");
        return new Node.Macro(name, params, defaults, body("endmacro"), line);
    }

    private Node parseWith(int line) {
        List<String> targets = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (current().kind() != Token.Kind.BLOCK_END) {
            if (!targets.isEmpty()) expectOperator(",");
            targets.add(expect(Token.Kind.NAME, null).value());
            expectOperator("=");
            values.add(parseExpression());
        }
        return new Node.With(targets, values, body("endwith"), line);
    }
}
