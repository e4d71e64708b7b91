package org.reasonbridge.notebook;

import org.reasonbridge.levels.LevelRenderer;
import org.reasonbridge.inference.Evidence;
import org.reasonbridge.inference.Intervention;
import org.reasonbridge.inference.ReasoningState;
import org.reasonbridge.inference.RemoteForcing;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A generation with guided intervention, drawn for reading: the generated text with each spliced phrase marked
 * (numbered, coloured by the state the detector read), the evidence behind it underlined where it lies in the
 * text, and a table of the interventions (position, state, evidence, phrase).
 */
public final class InterventionTimeline {
    private static final Map<ReasoningState, String> COLOUR = new EnumMap<>(Map.of(
            ReasoningState.PARTIAL, "#cfe2ff", // extend
            ReasoningState.UNCERTAIN, "#ffe8a3", // redirect
            ReasoningState.UNVERIFIED, "#f8d7da", // verify
            ReasoningState.COMPLETE, "#d3f5d0"));
    private static final String UNDERLINE = "#c0392b";

    private InterventionTimeline() {
    }

    /** A local generation: positions count generated tokens, mapped to characters through {@code tokenizer}. */
    public static MimeBundle of(Generation generation, Tokenizer tokenizer, List<Intervention> interventions) {
        int[] ids = generation.generatedIds();
        String text = tokenizer.decode(ids);
        List<Mark> marks = new ArrayList<>();
        for (Intervention i : interventions) {
            int at = Math.min(i.position(), ids.length);
            marks.add(new Mark(i, tokenizer.decode(Arrays.copyOf(ids, at)).length(), "token " + i.position()));
        }
        return draw(text, marks);
    }

    /** A remote run ({@link RemoteForcing}): positions are characters of its thinking. */
    public static MimeBundle of(RemoteForcing.Result result) {
        return of(result.thinking(), result.interventions());
    }

    /** Any text whose interventions give their position as a character offset in it. */
    public static MimeBundle of(String text, List<Intervention> interventions) {
        List<Mark> marks = new ArrayList<>();
        for (Intervention i : interventions) marks.add(new Mark(i, i.position(), "char " + i.position()));
        return draw(text, marks);
    }

    /** One intervention and where its phrase starts in the text. */
    private record Mark(Intervention intervention, int at, String where) {
    }

    /** A span of the text to colour: a phrase (numbered) or a piece of evidence (underlined). */
    private record Span(int start, int end, int number, ReasoningState state, String title, boolean phrase) {
    }

    private static MimeBundle draw(String text, List<Mark> marks) {
        List<Mark> sorted = new ArrayList<>(marks);
        sorted.sort(Comparator.comparingInt(Mark::at));
        List<Span> spans = new ArrayList<>();
        for (int n = 0; n < sorted.size(); n++) {
            Intervention i = sorted.get(n).intervention();
            int at = Math.max(0, Math.min(sorted.get(n).at(), text.length()));
            // the phrase is in the text where it was spliced; a marker stands alone where it is not
            int end = text.startsWith(i.phrase(), at) ? at + i.phrase().length() : at;
            spans.add(new Span(at, end, n + 1, i.state(), i.state() + ": " + i.phrase(), true));
            for (Evidence e : i.evidence()) {
                // evidence offsets are in the thinking read at the time; mark them only where the text agrees
                if (e.end() > e.start() && e.end() <= text.length() && text.substring(e.start(), e.end()).equals(e.text())) {
                    spans.add(new Span(e.start(), e.end(), n + 1, i.state(), "#" + (n + 1) + " " + e.kind() + ": " + e.explanation(), false));
                }
            }
        }
        return MimeBundle.html(html(text, inline(spans), sorted), plain(text, sorted));
    }

    /** The spans to draw inline: phrases first, then evidence that overlaps nothing already drawn. */
    private static List<Span> inline(List<Span> spans) {
        List<Span> kept = new ArrayList<>();
        spans.stream().filter(Span::phrase).forEach(kept::add);
        for (Span s : spans) {
            if (s.phrase()) continue;
            boolean overlaps = kept.stream().anyMatch(k -> s.start() < Math.max(k.end(), k.start() + 1) && k.start() < s.end());
            if (!overlaps) kept.add(s);
        }
        kept.sort(Comparator.comparingInt(Span::start).thenComparing(s -> !s.phrase()));
        return kept;
    }

    private static String html(String text, List<Span> spans, List<Mark> marks) {
        StringBuilder out = new StringBuilder(text.length() * 2 + 400 * marks.size() + 600);
        out.append("<div class=\"rb-interventions\" style=\"font-size:13px\">");
        out.append("<div style=\"margin-bottom:6px\">");
        for (ReasoningState s : List.of(ReasoningState.PARTIAL, ReasoningState.UNCERTAIN, ReasoningState.UNVERIFIED)) {
            out.append("<span style=\"background:").append(COLOUR.get(s))
                    .append(";padding:1px 6px;margin-right:6px;border-radius:3px\">").append(s).append("</span>");
        }
        out.append("<span style=\"text-decoration:underline wavy ").append(UNDERLINE).append("\">evidence</span></div>");
        out.append("<div style=\"font-family:ui-monospace,monospace;line-height:1.6;white-space:pre-wrap;color:#222\">");
        int at = 0;
        for (Span s : spans) {
            LevelRenderer.escape(text, at, s.start(), out);
            if (s.phrase()) {
                out.append("<span style=\"background:").append(COLOUR.get(s.state()))
                        .append(";border:1px solid #888;border-radius:3px\" title=\"").append(MimeBundle.escape(s.title())).append("\">")
                        .append("<sup style=\"font-weight:bold\">").append(s.number()).append("</sup>");
                LevelRenderer.escape(text, s.start(), s.end(), out);
                out.append("</span>");
            } else {
                out.append("<span style=\"text-decoration:underline wavy ").append(UNDERLINE).append("\" title=\"")
                        .append(MimeBundle.escape(s.title())).append("\">");
                LevelRenderer.escape(text, s.start(), s.end(), out);
                out.append("</span>");
            }
            at = s.end();
        }
        LevelRenderer.escape(text, at, text.length(), out);
        out.append("</div>");
        out.append("<table style=\"border-collapse:collapse;margin-top:8px\"><thead><tr>");
        for (String h : List.of("#", "position", "state", "evidence", "phrase")) {
            out.append("<th style=\"text-align:left;border-bottom:1px solid #888;padding:2px 8px\">").append(h).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (int n = 0; n < marks.size(); n++) {
            Intervention i = marks.get(n).intervention();
            out.append("<tr><td style=\"padding:2px 8px\">").append(n + 1).append("</td><td style=\"padding:2px 8px\">")
                    .append(marks.get(n).where()).append("</td><td style=\"padding:2px 8px;background:")
                    .append(COLOUR.get(i.state())).append("\">").append(i.state()).append("</td><td style=\"padding:2px 8px\">");
            for (Evidence e : i.evidence()) {
                out.append("<div><b>").append(e.kind()).append("</b>");
                if (!e.text().isEmpty()) out.append(" \u201c").append(MimeBundle.escape(e.text())).append("\u201d");
                out.append(": ").append(MimeBundle.escape(e.explanation())).append("</div>");
            }
            out.append("</td><td style=\"padding:2px 8px\">").append(MimeBundle.escape(i.phrase())).append("</td></tr>");
        }
        if (marks.isEmpty()) out.append("<tr><td colspan=\"5\" style=\"padding:2px 8px;color:#666\">no interventions</td></tr>");
        return out.append("</tbody></table></div>").toString();
    }

    private static String plain(String text, List<Mark> marks) {
        StringBuilder out = new StringBuilder(text).append("\n\n");
        out.append(marks.size()).append(marks.size() == 1 ? " intervention" : " interventions").append('\n');
        for (int n = 0; n < marks.size(); n++) {
            Intervention i = marks.get(n).intervention();
            out.append(String.format(Locale.ROOT, "%d. %s %s -> \"%s\"%n", n + 1, marks.get(n).where(), i.state(), i.phrase()));
            for (Evidence e : i.evidence()) out.append("   ").append(e.kind()).append(": ").append(e.explanation()).append('\n');
        }
        return out.toString();
    }
}
