package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;

/**
 * A parsed Jinja2 template, rendered with the environment Hugging Face transformers uses for chat templates
 * ({@code trim_blocks}, {@code lstrip_blocks}, sandboxed, Python value semantics). Immutable and thread-safe;
 * each render is independent.
 */
public final class Template {

    private final String source;
    private final List<Node> nodes;
    private final Limits limits;

    private Template(String source, List<Node> nodes, Limits limits) {
        this.source = source;
        this.nodes = nodes;
        this.limits = limits;
    }

    /** Parses with {@link Limits#DEFAULT}. */
    public static Template parse(String source) {
        return parse(source, Limits.DEFAULT);
    }

    /** @throws TemplateSyntaxException when the source is not valid (or uses an unsupported tag, filter or test) */
    public static Template parse(String source, Limits limits) {
        if (source == null) throw new IllegalArgumentException("template source is null");
        try {
            return new Template(source, List.copyOf(Parser.parse(source, limits)), limits);
        } catch (StackOverflowError e) {
            throw new TemplateSyntaxException("template nested too deeply to parse", 1);
        }
    }

    public String source() {
        return source;
    }

    public Limits limits() {
        return limits;
    }

    /** Renders with the given variables (maps, lists, strings, numbers, booleans, null) and no host functions. */
    public String render(Map<String, ?> context) {
        return render(context, Map.of());
    }

    /**
     * Renders with the given variables and host functions (such as {@code raise_exception}).
     *
     * @throws TemplateException when the template fails, {@link SandboxException} when it breaks a limit; an
     *     exception thrown by a host function propagates unchanged
     */
    public String render(Map<String, ?> context, Map<String, TemplateFunction> functions) {
        Scope root = new Scope(null);
        context.forEach((name, value) -> root.set(name, Values.fromJava(value, limits.maxNesting())));
        Interpreter interpreter = new Interpreter(limits, Builtins.globals(functions, limits.maxNesting()));
        try {
            return interpreter.render(nodes, root);
        } catch (StackOverflowError e) {
            throw new SandboxException("template recursion too deep (line " + interpreter.line + ")");
        } catch (TemplateSyntaxException e) {
            throw e;
        } catch (TemplateException e) {
            if (e.getMessage().contains("(line ")) throw e;
            String message = e.getMessage() + " (line " + interpreter.line + ")";
            throw e instanceof SandboxException ? new SandboxException(message) : new TemplateException(message, e);
        }
    }
}
