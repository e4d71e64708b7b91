package org.reasonbridge.jinja;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Runs the statements of one render: writes text, executes tags, and counts every step against {@link Limits}.
 * One instance per render, never shared between threads.
 */
final class Interpreter {

    /** Thrown by {@code break} and {@code continue}; no stack trace, they are control flow. */
    private static final class LoopControl extends RuntimeException {
        final boolean isBreak;

        LoopControl(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopControl BREAK = new LoopControl(true);
    private static final LoopControl CONTINUE = new LoopControl(false);

    final Limits limits;
    private final Map<String, Object> globals;
    private final Deque<StringBuilder> outputs = new ArrayDeque<>();
    private long steps;
    private int callDepth;
    private int loopDepth;
    int line;

    Interpreter(Limits limits, Map<String, Object> globals) {
        this.limits = limits;
        this.globals = globals;
    }

    String render(List<Node> nodes, Scope scope) {
        return capture(() -> exec(nodes, scope));
    }

    // ---- bookkeeping

    void tick() {
        if (++steps > limits.maxSteps()) {
            throw new SandboxException("template exceeded " + limits.maxSteps() + " evaluation steps (line " + line + ")");
        }
    }

    /** Rejects strings and lists a template is about to build beyond the limits. */
    void checkSize(long chars) {
        if (chars > limits.maxOutputChars()) {
            throw new SandboxException("template tried to build a string of " + chars + " characters (limit "
                    + limits.maxOutputChars() + ", line " + line + ")");
        }
    }

    void checkCount(long items) {
        if (items > limits.maxRange()) {
            throw new SandboxException("template tried to build a sequence of " + items + " items (limit "
                    + limits.maxRange() + ", line " + line + ")");
        }
    }

    private void write(String s) {
        StringBuilder out = outputs.peek();
        checkSize((long) out.length() + s.length());
        out.append(s);
    }

    String capture(Runnable body) {
        outputs.push(new StringBuilder());
        try {
            body.run();
            return outputs.peek().toString();
        } finally {
            outputs.pop();
        }
    }

    Object resolve(String name, Scope scope) {
        Object v = scope.lookup(name);
        if (v != Scope.MISSING) return v;
        return globals.containsKey(name) ? globals.get(name) : Undefined.name(name);
    }

    Object eval(Expr e, Scope scope) {
        return Evaluator.eval(this, e, scope);
    }

    String callMacro(Macro macro, List<Node> body, Scope scope) {
        if (++callDepth > limits.maxCallDepth()) {
            throw new SandboxException("maximum recursion depth " + limits.maxCallDepth() + " exceeded in macro '"
                    + macro.name() + "' (line " + line + ")");
        }
        int savedLoops = loopDepth;
        loopDepth = 0; // break/continue do not cross a macro boundary
        try {
            return capture(() -> exec(body, scope));
        } finally {
            loopDepth = savedLoops;
            callDepth--;
        }
    }

    // ---- statements

    void exec(List<Node> nodes, Scope scope) {
        for (Node n : nodes) {
            line = n.line();
            tick();
            exec(n, scope);
        }
    }

    private void exec(Node node, Scope scope) {
        if (node instanceof Node.Text t) {
            write(t.text());
        } else if (node instanceof Node.Print p) {
            write(Py.str(eval(p.value(), scope)));
        } else if (node instanceof Node.If n) {
            for (int i = 0; i < n.tests().size(); i++) {
                if (Py.truthy(eval(n.tests().get(i), scope))) {
                    exec(n.bodies().get(i), scope);
                    return;
                }
            }
            exec(n.otherwise(), scope);
        } else if (node instanceof Node.For n) {
            execFor(n, scope);
        } else if (node instanceof Node.Set n) {
            assign(n.targets(), eval(n.value(), scope), scope);
        } else if (node instanceof Node.SetAttribute n) {
            Object target = resolve(n.namespace(), scope);
            if (!(target instanceof Namespace ns)) {
                throw new TemplateException("TypeError: cannot assign attribute on non-namespace object '"
                        + n.namespace() + "' (line " + n.line() + ")");
            }
            if (n.attribute().startsWith("_")) {
                throw new SandboxException("cannot assign private attribute '" + n.attribute() + "'");
            }
            ns.attributes.put(n.attribute(), eval(n.value(), scope));
        } else if (node instanceof Node.SetBlock n) {
            Object value = capture(() -> exec(n.body(), scope));
            if (n.filter() != null) value = Evaluator.applyFilterChain(this, n.filter(), value, scope);
            scope.set(n.target(), value);
        } else if (node instanceof Node.Macro n) {
            scope.set(n.name(), new Macro(n, scope));
        } else if (node instanceof Node.FilterBlock n) {
            String body = capture(() -> exec(n.body(), scope));
            write(Py.str(Evaluator.applyFilterChain(this, n.filter(), body, scope)));
        } else if (node instanceof Node.With n) {
            Scope inner = new Scope(scope);
            for (int i = 0; i < n.targets().size(); i++) inner.set(n.targets().get(i), eval(n.values().get(i), scope));
            exec(n.body(), inner);
        } else if (node instanceof Node.Scope n) {
            exec(n.body(), scope);
        } else if (node instanceof Node.Break n) {
            throw loopControl(BREAK, n.line());
        } else if (node instanceof Node.Continue n) {
            throw loopControl(CONTINUE, n.line());
        } else {
            throw new IllegalStateException("unknown node " + node);
        }
    }

    private LoopControl loopControl(LoopControl control, int at) {
        if (loopDepth == 0) {
            throw new TemplateSyntaxException("'" + (control.isBreak ? "break" : "continue") + "' outside of a loop", at);
        }
        return control;
    }

    private void execFor(Node.For n, Scope scope) {
        List<Object> items = Py.iterate(eval(n.iterable(), scope));
        if (n.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                tick();
                Scope probe = new Scope(scope);
                assign(n.targets(), item, probe);
                if (Py.truthy(eval(n.filter(), probe))) kept.add(item);
            }
            items = kept;
        }
        if (items.isEmpty()) {
            exec(n.otherwise(), new Scope(scope));
            return;
        }
        LoopState loop = new LoopState(items);
        loopDepth++;
        try {
            for (int i = 0; i < items.size(); i++) {
                tick();
                Scope iteration = new Scope(scope);
                loop.advance(i);
                iteration.set("loop", loop);
                assign(n.targets(), items.get(i), iteration);
                try {
                    exec(n.body(), iteration);
                } catch (LoopControl control) {
                    if (control.isBreak) break;
                }
            }
        } finally {
            loopDepth--;
        }
    }

    private void assign(List<String> targets, Object value, Scope scope) {
        if (targets.size() == 1) {
            scope.set(targets.get(0), value);
            return;
        }
        List<Object> parts = value instanceof String || value instanceof Map ? Py.iterate(value) : Py.sequence(value);
        if (parts == null) {
            throw new TemplateException("TypeError: cannot unpack non-iterable " + Py.typeName(value) + " object");
        }
        if (parts.size() != targets.size()) {
            throw new TemplateException("ValueError: expected " + targets.size() + " values to unpack, got " + parts.size());
        }
        for (int i = 0; i < targets.size(); i++) scope.set(targets.get(i), parts.get(i));
    }
}
