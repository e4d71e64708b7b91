package org.reasonbridge.notebook.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.reasonbridge.notebook.Notebook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ReasonBridge Java kernel: JJava's protocol layer (IJava's maintained base library) with JShell evaluating in
 * this JVM ({@link CellEvaluator}), so a cell's objects are real objects shown through {@link Notebook#render},
 * and JVM flags (heap, native memory) apply to them.
 */
public final class JavaKernel extends BaseKernel {
    /** What every cell can use without importing: the JShell defaults and the display helpers. */
    static final List<String> STARTUP = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;",
            "import static org.reasonbridge.notebook.Notebook.*;",
            "import org.reasonbridge.notebook.*;");
    private static final String VERSION = versionOf(JavaKernel.class);

    private final CellEvaluator cells;

    private JavaKernel(CellEvaluator cells, JupyterIO io) {
        super("reasonbridge", VERSION, languageInfo(), List.of(
                        new HelpLink("Java 17 API", "https://docs.oracle.com/en/java/javase/17/docs/api/"),
                        new HelpLink("Tablesaw", "https://jtablesaw.github.io/tablesaw/")),
                null, io, new CommManager(), new Renderer(), null, new MagicsRegistry(), false,
                new StringStyler.Builder().addPrimaryStyle(TextColor.BOLD_RESET_FG).addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG).addHighlightStyle(TextColor.RED_BG).build());
        this.cells = cells;
    }

    /** A kernel whose JShell starts warming up at once; cells and requests wait for it. */
    public static JavaKernel create() {
        JavaKernel kernel = new JavaKernel(new CellEvaluator(STARTUP), new JupyterIO(StandardCharsets.UTF_8));
        Notebook.attach(new KernelSink(kernel.getIO().display));
        return kernel;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static String versionOf(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " \u00b7 ReasonBridge notebook kernel " + VERSION
                + " (JShell in the kernel's JVM, JJava protocol " + Header.PROTOCOL_VERISON + ")";
    }

    // ---- requests

    @Override
    public Object evalRaw(String code) {
        return cells.evalCell(code);
    }

    @Override
    public DisplayData eval(String code) {
        Object value = cells.evalCell(code);
        return value == CellEvaluator.NO_VALUE ? null : KernelSink.displayData(Notebook.render(value));
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String found = cells.inspect(code, charIndex(code, at));
        return found == null ? null : new DisplayData(found);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CellEvaluator.Completions c = cells.complete(code, charIndex(code, at));
        return new ReplacementOptions(c.matches(), code.codePointCount(0, c.start()), code.codePointCount(0, c.end()));
    }

    /** Jupyter counts cursor positions in code points, Java strings in UTF-16 chars (they differ past an emoji). */
    private static int charIndex(String code, int codePoints) {
        int n = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, n);
    }

    @Override
    public String isComplete(String code) {
        return cells.isComplete(code);
    }

    @Override
    public void interrupt() {
        cells.interrupt();
    }

    @Override
    public void onShutdown(boolean restarting) {
        super.onShutdown(restarting);
        cells.close();
    }

    /** The reply with {@code "status": "ok"}, which the protocol requires and the base library leaves out. */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> request) {
        env.setBusyDeferIdle();
        env.<KernelInfoReply>reply(new KernelInfo(getName(), getVersion(), getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    private static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused") // serialized
        private final String status = "ok";

        KernelInfo(String name, String version, LanguageInfo language, String banner, List<HelpLink> links) {
            super(Header.PROTOCOL_VERISON, name, version, language, banner, links);
        }
    }

    // ---- errors

    /** Compilation errors as javac shows them; exceptions with the cell's frames only, causes included. */
    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CompilationException c) return c.lines();
        if (e instanceof IncompleteCellException) return List.of(errorStyler.secondary(e.getMessage()));
        List<String> lines = new ArrayList<>();
        Throwable shown = e;
        if (e instanceof CellInterruptedException) {
            lines.add(errorStyler.secondary(e.getMessage()));
            if (e.getCause() == null) return lines;
            shown = e.getCause();
        } else if (e instanceof CellError) {
            shown = e.getCause();
        }
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = shown; t != null && seen.put(t, true) == null; t = t.getCause()) {
            lines.add(errorStyler.secondary((t == shown ? "" : "Caused by: ") + t));
            StackTraceElement[] frames = t.getStackTrace();
            int end = cellFrames(frames);
            for (int i = 0; i < end; i++) lines.add("\tat " + frames[i]);
            if (end < frames.length) lines.add("\t... " + (frames.length - end) + " kernel frames");
        }
        return lines;
    }

    /** Frames up to the last one of a cell ({@code REPL.*}); all of them when no cell frame is there. */
    private static int cellFrames(StackTraceElement[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            if (frames[i].getClassName().startsWith("REPL.")) return i + 1;
        }
        return frames.length;
    }
}
