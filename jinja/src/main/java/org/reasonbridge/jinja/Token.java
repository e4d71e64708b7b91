package org.reasonbridge.jinja;

/**
 * One lexical token of a template.
 *
 * @param kind what it is
 * @param value the text (for {@code STRING} the unescaped value, for {@code OPERATOR} the operator)
 * @param line 1-based line where it starts
 */
record Token(Kind kind, String value, int line) {

    enum Kind { TEXT, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF }

    Token {
        if (kind == null || value == null) {
            throw new IllegalArgumentException("token needs a kind and a value");
        }
    }

    boolean is(Kind k, String v) {
        return kind == k && value.equals(v);
    }

    boolean isName(String name) {
        return is(Kind.NAME, name);
    }

    boolean isOperator(String op) {
        return is(Kind.OPERATOR, op);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of template";
            case BLOCK_END -> "end of statement block";
            case VARIABLE_END -> "end of print statement";
            case STRING -> "string";
            default -> "'" + value + "'";
        };
    }
}
