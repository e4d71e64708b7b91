package org.reasonbridge.notebook.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * JShell in the kernel's JVM: splits a cell into snippets, evaluates them in order (the value of a final
 * expression is the cell's value, as the object itself), and answers completion, inspection and "is this
 * complete?" from JShell's source analysis. Called from the kernel's shell thread only, except
 * {@link #interrupt}.
 */
final class CellEvaluator implements AutoCloseable {
    /** What {@link #eval} returns for a cell that ends in a statement or declaration: nothing to show. */
    static final Object NO_VALUE = new Object();
    /** Indentation {@link #isComplete} suggests inside an open block. */
    private static final String INDENT = "    ";

    private final CellExecutionControl control;
    private final CompletableFuture<Void> ready;
    // set by the start-up task; read only after awaitReady(), which orders them
    private JShell shell;
    private SourceCodeAnalysis analysis;

    /**
     * A JShell whose first snippets are {@code startup}. JShell and its compiler start in the background, so the
     * kernel answers Jupyter at once; cells and requests wait for them.
     */
    CellEvaluator(List<String> startup) {
        this.control = new CellExecutionControl(new CellLoader());
        this.ready = CompletableFuture.runAsync(() -> {
            shell = JShell.builder().executionEngine(new ExecutionControlProvider() {
                @Override
                public String name() {
                    return "reasonbridge-cells";
                }

                @Override
                public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                    return control;
                }
            }, Map.of()).build();
            analysis = shell.sourceCodeAnalysis();
            for (String snippet : startup) {
                Object ignored = eval(snippet);
            }
        });
    }

    /** Waits for JShell and the start-up snippets; a failure there is the kernel's fault, and says so. */
    private void awaitReady() {
        try {
            ready.join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the kernel's JShell did not start: " + e.getCause(), e.getCause());
        }
    }

    // ---- evaluation

    /**
     * Runs {@code code}; returns the value of its last snippet when that is an expression (null included), else
     * {@link #NO_VALUE}. Throws what the cell threw (the user's own exception), a {@link CompilationException},
     * an {@link IncompleteCellException}, or a {@link CellInterruptedException}.
     */
    Object evalCell(String code) {
        awaitReady();
        control.beginCell();
        return eval(code);
    }

    /** The complete snippets of {@code code} in order, as {@link #evalCell} runs them (for checking code piecewise). */
    List<String> snippets(String code) {
        awaitReady();
        List<String> out = new java.util.ArrayList<>();
        CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            out.add(info.source());
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != Completeness.EMPTY) throw new IncompleteCellException(info.remaining().trim());
        return out;
    }

    private Object eval(String code) {
        Object value = NO_VALUE;
        String rest = code;
        CompletionInfo info = analysis.analyzeCompletion(rest);
        while (info.completeness().isComplete()) {
            if (control.interrupted()) throw new CellInterruptedException();
            value = evalSnippet(info.source(), code, code.length() - rest.length());
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        if (info.completeness() != Completeness.EMPTY) throw new IncompleteCellException(info.remaining().trim());
        return value;
    }

    /** One snippet; {@code at} is where it starts in {@code cell}, for line numbers in errors. */
    private Object evalSnippet(String source, String cell, int at) {
        List<SnippetEvent> events = shell.eval(source);
        Object value = NO_VALUE;
        // take every value first, so none is left behind when an event below throws
        for (SnippetEvent e : events) {
            if (e.value() == null || !e.snippet().subKind().isExecutable()) continue;
            Object v = control.takeValue(e.value());
            if (v != CellExecutionControl.MISSING && e.causeSnippet() == null && shows(e.snippet().subKind())) value = v;
        }
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue; // a dependent snippet updated, not this one
            JShellException thrown = e.exception();
            if (thrown instanceof EvalException) throw rethrow(control.takeFailure(), thrown);
            if (thrown instanceof UnresolvedReferenceException u) throw unresolved(u.getSnippet());
            if (thrown != null) throw new IllegalStateException(thrown.getMessage(), thrown);
            if (e.status() == Snippet.Status.REJECTED) throw compilation(e.snippet(), cell, at);
        }
        return value;
    }

    /** Snippets whose value a cell shows: expressions, not declarations or assignments. */
    private static boolean shows(Snippet.SubKind kind) {
        return kind == Snippet.SubKind.VAR_VALUE_SUBKIND || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND
                || kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** The cell's own throwable, unchecked on the way out so the kernel reports it under its own name. */
    private static RuntimeException rethrow(Throwable cause, JShellException fallback) {
        Throwable t = cause != null ? cause : fallback;
        if (t instanceof Error error) throw new CellError(error);
        return CellEvaluator.<RuntimeException>sneaky(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private CompilationException compilation(Snippet snippet, String cell, int at) {
        String source = snippet.source();
        int firstLine = lineOf(cell, at); // the snippet's source starts there, its leading blank lines included
        List<String> lines = new ArrayList<>();
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        for (Diag d : diags) {
            int start = (int) Math.max(0, Math.min(d.getStartPosition(), source.length()));
            int end = (int) Math.max(start, Math.min(d.getEndPosition(), source.length()));
            int lineStart = source.lastIndexOf('\n', start - 1) + 1;
            int lineEnd = source.indexOf('\n', start);
            if (lineEnd < 0) lineEnd = source.length();
            String label = "line " + (firstLine + lineOf(source, start) - 1) + ": ";
            lines.add(label + source.substring(lineStart, lineEnd));
            int width = Math.max(1, Math.min(end, lineEnd) - start);
            lines.add(" ".repeat(label.length() + start - lineStart) + "^".repeat(width));
            for (String m : d.getMessage(Locale.ROOT).split("\n")) lines.add(m);
            lines.add("");
        }
        String summary = diags.isEmpty() ? "the snippet was rejected: " + source.strip()
                : diags.get(0).getMessage(Locale.ROOT).lines().findFirst().orElse("compilation error");
        if (diags.isEmpty()) lines.add(summary);
        return new CompilationException(summary, lines);
    }

    private CompilationException unresolved(Snippet snippet) {
        Set<String> missing = new LinkedHashSet<>();
        shell.snippets().filter(s -> s instanceof jdk.jshell.DeclarationSnippet)
                .map(s -> (jdk.jshell.DeclarationSnippet) s)
                .filter(s -> shell.status(s) == Snippet.Status.RECOVERABLE_DEFINED || shell.status(s) == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                .forEach(s -> shell.unresolvedDependencies(s).forEach(d -> missing.add(s.name() + " needs " + d)));
        String summary = "a declaration used here is not complete: " + (missing.isEmpty() ? snippet.source().strip() : String.join(", ", missing));
        return new CompilationException(summary, List.of(summary));
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < Math.min(index, text.length()); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    // ---- analysis

    /** Jupyter's is_complete: "complete", "invalid", "unknown", or the indent of the next line when incomplete. */
    String isComplete(String code) {
        awaitReady();
        String rest = code;
        CompletionInfo info = analysis.analyzeCompletion(rest);
        // UNKNOWN counts as "complete" for JShell (it compiles, and fails): here it means invalid
        while (info.completeness().isComplete() && info.completeness() != Completeness.UNKNOWN) {
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        return switch (info.completeness()) {
            case EMPTY, COMPLETE, COMPLETE_WITH_SEMI -> "complete";
            case UNKNOWN -> "invalid";
            case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> indentOf(rest);
        };
    }

    /** The last line's indentation, one level deeper if it opens a block or a parenthesis. */
    private static String indentOf(String partial) {
        String last = partial.substring(partial.lastIndexOf('\n') + 1);
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        int open = 0;
        for (char c : last.toCharArray()) {
            if (c == '{' || c == '(') open++;
            else if ((c == '}' || c == ')') && open > 0) open--;
        }
        return open > 0 ? indent + INDENT : indent;
    }

    /** The snippet of {@code code} holding {@code cursor}: its start and end in {@code code}. */
    private int[] snippetAround(String code, int cursor) {
        String rest = code;
        int start = 0;
        CompletionInfo info = analysis.analyzeCompletion(rest);
        while (info.completeness().isComplete() && !info.remaining().isBlank()) {
            int end = code.length() - info.remaining().length();
            if (cursor <= end) return new int[] {start, end};
            start = end;
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        return new int[] {start, code.length()};
    }

    /** Completions at {@code cursor}: the texts that may replace {@code [start, cursor)}, type-matching first. */
    Completions complete(String code, int cursor) {
        awaitReady();
        cursor = Math.max(0, Math.min(cursor, code.length()));
        int[] snippet = snippetAround(code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(
                code.substring(snippet[0], cursor), cursor - snippet[0], anchor);
        List<String> matches = suggestions.stream()
                .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new Completions(matches, snippet[0] + anchor[0], cursor);
    }

    /** Replacements for {@code [start, end)} of the cell. */
    record Completions(List<String> matches, int start, int end) {
    }

    /**
     * What is known about the name at {@code cursor}: a session variable's type and value, or the signatures and
     * Javadoc (when the JDK has its sources) of a type, method or field; null when nothing is.
     */
    String inspect(String code, int cursor) {
        awaitReady();
        cursor = Math.max(0, Math.min(cursor, code.length()));
        int[] snippet = snippetAround(code, Math.max(0, cursor - 1));
        String source = code.substring(snippet[0], snippet[1]);
        int at = cursor - snippet[0];
        // at the end of the identifier, and past an opening parenthesis: JShell documents a call there
        while (at < source.length() && Character.isJavaIdentifierPart(source.charAt(at))) at++;
        String name = identifierBefore(source, at);
        int nameStart = at - name.length();
        if (!name.isEmpty() && (nameStart == 0 || source.charAt(nameStart - 1) != '.')) {
            // a variable of the session: its type and value say more than its declaration
            String variable = shell.variables().filter(v -> v.name().equals(name) && shell.status(v).isActive())
                    .reduce((a, b) -> b).map(this::describe).orElse(null);
            if (variable != null) return variable;
        }
        int paren = at;
        while (paren < source.length() && Character.isWhitespace(source.charAt(paren))) paren++;
        if (paren < source.length() && source.charAt(paren) == '(') at = paren + 1;
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(source.substring(0, at), at, true);
        if (docs.isEmpty() && !source.substring(0, at).endsWith("(")) {
            // a bare method name ("Math.max") is documented as a call
            docs = analysis.documentation(source.substring(0, at) + "(", at + 1, true);
        }
        if (docs.isEmpty()) return null;
        return docs.stream().map(d -> d.javadoc() == null || d.javadoc().isBlank() ? d.signature()
                : d.signature() + "\n" + d.javadoc()).collect(Collectors.joining("\n\n"));
    }

    private String describe(VarSnippet v) {
        String value;
        try {
            value = shell.varValue(v);
        } catch (RuntimeException e) {
            value = "(not readable: " + e.getMessage() + ")";
        }
        return v.typeName() + " " + v.name() + " = " + value;
    }

    private static String identifierBefore(String source, int end) {
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(source.charAt(start - 1))) start--;
        return source.substring(start, end);
    }

    // ---- control

    /** Interrupts the running cell (called from the control channel's thread). */
    void interrupt() {
        control.interrupt();
    }

    @Override
    public void close() {
        control.close();
        if (ready.isDone() && !ready.isCompletedExceptionally()) shell.close();
    }
}
