package org.reasonbridge.jinja;

import java.util.List;

/** The statement nodes of a parsed template. */
sealed interface Node {

    int line();

    record Text(String text, int line) implements Node { }

    record Print(Expr value, int line) implements Node { }

    record If(List<Expr> tests, List<List<Node>> bodies, List<Node> otherwise, int line) implements Node { }

    /** {@code for targets in iterable [if filter]} ... {@code [else]}. */
    record For(List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise, int line)
            implements Node { }

    /** {@code set a = x}, {@code set a, b = x}. */
    record Set(List<String> targets, Expr value, int line) implements Node { }

    /** {@code set ns.attr = x}. */
    record SetAttribute(String namespace, String attribute, Expr value, int line) implements Node { }

    /** {@code set x [| filter] %}...{% endset}. */
    record SetBlock(String target, List<Node> body, Expr filter, int line) implements Node { }

    record Macro(String name, List<String> params, List<Expr> defaults, List<Node> body, int line) implements Node { }

    /** {@code filter name(args)}...{@code endfilter}: {@code filter} is a chain whose innermost target is null. */
    record FilterBlock(Expr filter, List<Node> body, int line) implements Node { }

    record With(List<String> targets, List<Expr> values, List<Node> body, int line) implements Node { }

    /** A block that renders its body as is, such as transformers' {@code generation} tag. */
    record Scope(List<Node> body, int line) implements Node { }

    record Break(int line) implements Node { }

    record Continue(int line) implements Node { }
}
