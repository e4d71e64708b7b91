package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.reasonbridge.model.tokenizer.TokenizedText;

/**
 * Shows levels to people: coloured terminal text ({@link #ansi}) and self-contained HTML for notebooks
 * ({@link #html}), per span or per token. Each HTML span's tooltip names its level and the reason (the rule that
 * fired, or TAGGED); text is HTML-escaped, so a trace full of {@code <} and {@code &} renders as written.
 */
public final class LevelRenderer {

    // Colours are presentation, so they live here; a level added to the enum without one shows in the fallback.
    private static final Map<ReasoningLevel, String> ANSI = new EnumMap<>(Map.of(
            ReasoningLevel.STRATEGIC, "\u001b[35m", // magenta
            ReasoningLevel.TACTICAL, "\u001b[34m", // blue
            ReasoningLevel.OPERATIONAL, "\u001b[32m", // green
            ReasoningLevel.OUTPUT, "\u001b[1;33m")); // bold yellow
    private static final String ANSI_FALLBACK = "\u001b[36m"; // cyan
    private static final String ANSI_RESET = "\u001b[0m";
    private static final String ANSI_UNDERLINE = "\u001b[4m";

    private static final Map<ReasoningLevel, String> BACKGROUND = new EnumMap<>(Map.of(
            ReasoningLevel.STRATEGIC, "#e9d8fd",
            ReasoningLevel.TACTICAL, "#cfe2ff",
            ReasoningLevel.OPERATIONAL, "#d3f5d0",
            ReasoningLevel.OUTPUT, "#ffe8a3"));
    private static final String BACKGROUND_FALLBACK = "#f5d0e6";
    private static final String UNLABELLED_BACKGROUND = "#eeeeee";
    private static final String DIV = "<div class=\"rb-levels\" style=\"font-family:ui-monospace,monospace;"
            + "font-size:13px;line-height:1.6;white-space:pre-wrap;color:#222\">";

    private LevelRenderer() {
    }

    // ---- terminal

    /** The trace with each span in its level's colour, after a one-line legend. */
    public static String ansi(SegmentedTrace trace) {
        StringBuilder out = new StringBuilder(trace.text().length() * 2);
        for (ReasoningLevel level : ReasoningLevel.values()) {
            out.append(ansiColour(level)).append(level).append(ANSI_RESET).append(' ');
        }
        out.append('\n');
        String text = trace.text();
        int at = 0;
        for (LevelSpan span : trace.spans()) {
            out.append(text, at, span.start()).append(ansiColour(span.level())).append(text, span.start(), span.end())
                    .append(ANSI_RESET);
            at = span.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Tokens in their level's colour, every other token underlined so boundaries show; unlabelled tokens plain. */
    public static String ansiTokens(LevelMasks masks, String text) {
        StringBuilder out = new StringBuilder(text.length() * 4);
        TokenizedText tokens = masks.tokens();
        int at = 0;
        for (int t = 0; t < tokens.size(); t++) {
            int start = Math.max(tokens.start(t), at);
            int end = Math.max(tokens.end(t), start);
            out.append(text, at, start);
            Optional<ReasoningLevel> level = masks.level(t);
            level.ifPresent(l -> out.append(ansiColour(l)));
            if (t % 2 == 1) out.append(ANSI_UNDERLINE);
            out.append(text, start, end).append(ANSI_RESET);
            at = end;
        }
        return out.append(text, at, text.length()).toString();
    }

    // ---- HTML

    /** A {@code <div>} with a legend and the trace, each span coloured by level with a tooltip saying why. */
    public static String html(SegmentedTrace trace) {
        StringBuilder out = new StringBuilder(trace.text().length() * 2 + 120 * trace.spans().size());
        out.append(DIV).append(legend());
        String text = trace.text();
        int at = 0;
        for (LevelSpan span : trace.spans()) {
            escape(text, at, span.start(), out);
            out.append("<span style=\"background:").append(backgroundColour(span.level()))
                    .append("\" title=\"");
            String title = span.level() + " \u2014 " + span.source();
            escape(title, 0, title.length(), out);
            out.append("\">");
            escape(text, span.start(), span.end(), out);
            out.append("</span>");
            at = span.end();
        }
        escape(text, at, text.length(), out);
        return out.append("</div>").toString();
    }

    /**
     * A {@code <div>} with one box per token (boundaries visible), coloured by the token's level; the tooltip gives
     * the token's index, id and level. Byte-level pieces that share one character show as empty slivers after it.
     */
    public static String htmlTokens(LevelMasks masks, String text) {
        TokenizedText tokens = masks.tokens();
        StringBuilder out = new StringBuilder(text.length() * 3 + 150 * tokens.size());
        out.append(DIV).append(legend());
        int at = 0;
        for (int t = 0; t < tokens.size(); t++) {
            int start = Math.max(tokens.start(t), at);
            int end = Math.max(tokens.end(t), start);
            escape(text, at, start, out);
            Optional<ReasoningLevel> level = masks.level(t);
            String title = "#" + t + " id " + tokens.id(t) + " " + level.map(Enum::name).orElse("unlabelled");
            out.append("<span style=\"background:").append(level.map(LevelRenderer::backgroundColour).orElse(UNLABELLED_BACKGROUND))
                    .append(";border-right:1px solid #888").append(start == end ? ";padding-left:2px" : "")
                    .append("\" title=\"").append(title).append("\">");
            escape(text, start, end, out);
            out.append("</span>");
            at = end;
        }
        escape(text, at, text.length(), out);
        return out.append("</div>").toString();
    }

    private static String ansiColour(ReasoningLevel level) {
        return ANSI.getOrDefault(level, ANSI_FALLBACK);
    }

    private static String backgroundColour(ReasoningLevel level) {
        return BACKGROUND.getOrDefault(level, BACKGROUND_FALLBACK);
    }

    private static String legend() {
        StringBuilder out = new StringBuilder("<div style=\"margin-bottom:6px;white-space:normal\">");
        for (ReasoningLevel level : ReasoningLevel.values()) {
            out.append("<span style=\"background:").append(backgroundColour(level))
                    .append(";padding:1px 6px;margin-right:6px;border-radius:3px\">").append(level).append("</span>");
        }
        return out.append("</div>").toString();
    }

    /**
     * Appends {@code text[from, to)} with the five HTML-special characters escaped: the project's one HTML escape
     * (the notebook helpers use it too).
     */
    public static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
