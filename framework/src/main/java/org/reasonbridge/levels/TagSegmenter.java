package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a trace the teacher tagged by level and returns it without the tags, with one {@link LevelSpan#TAGGED}
 * span per tag pair (in the stripped text's offsets).
 *
 * <h2>Tag format</h2>
 * <ul>
 *   <li>{@code <strategic>...</strategic>}, {@code <tactical>...</tactical>}, {@code <operational>...</operational>};
 *       names are case-insensitive, no attributes, optional spaces before {@code >}.</li>
 *   <li>Tags do not nest; every opened tag is closed by the same name before another opens.</li>
 *   <li>A line holding only tags (and spaces) disappears with its line break, so {@code <strategic>} on a line of
 *       its own leaves no blank line behind; a tag inside a line is cut out and nothing else changes.</li>
 *   <li>Text outside every tag is untagged: it goes to the fallback segmenter (by default the
 *       {@link RuleSegmenter}, or {@link Segmenter#constant} for one fixed level).</li>
 *   <li>Other angle-bracket words ({@code List<String>}, {@code <b>}, {@code <think>}) are ordinary text, except
 *       near-misses that share their first four letters with a level name ({@code <strategy>}, {@code <tactic>},
 *       {@code <operation>}): those are errors, since a teacher's typo must not silently become text.</li>
 * </ul>
 * Errors ({@link TagFormatException}) name the record, line and column: unknown tag name, unclosed tag, nested
 * tags, a closing tag that closes nothing or closes a different name.
 */
public final class TagSegmenter implements Segmenter {

    /** Instructions for the teacher, to append to its system or user prompt; {@link #TEACHER_EXAMPLE} follows. */
    public static final String TEACHER_INSTRUCTIONS = """
            While you think, label every part of your reasoning with exactly one of three tags:
            <strategic>...</strategic> for understanding the problem, choosing an approach, making or changing the plan;
            <tactical>...</tactical> for setting up a step: naming variables, writing equations, splitting into cases, \
            stating constraints, choosing a theorem or an algorithm;
            <operational>...</operational> for carrying out a step: calculations, algebra, step-by-step deductions, checks.
            Put each tag on a line of its own or around whole sentences. Never nest tags, close every tag you open, \
            and use only these three tag names. Do not tag the final answer.
            """;

    /** A worked example in the tag format; valid input for {@link #segment(String)}. */
    public static final String TEACHER_EXAMPLE = """
            <strategic>
            We need the number of positive divisors of 360. Plan: factor 360 into primes, then count divisors from the exponents.
            </strategic>
            <tactical>
            Write 360 = 2^a * 3^b * 5^c; a divisor picks each exponent independently, so there are (a+1)(b+1)(c+1) of them.
            </tactical>
            <operational>
            360 = 8 * 45 = 2^3 * 3^2 * 5, so a = 3, b = 2, c = 1 and (3+1)(2+1)(1+1) = 24.
            Check: 8 * 9 * 5 = 360.
            </operational>
            """;

    /** The prompt snippet curation sends: instructions, then the example. */
    public static final String TEACHER_PROMPT = TEACHER_INSTRUCTIONS + "\nExample:\n" + TEACHER_EXAMPLE;

    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z][A-Za-z_-]*)[ \\t]*>");
    /** The thinking levels' tags for messages: {@code <strategic>, <tactical> and <operational>}. */
    private static final String LEVEL_TAGS = levelTags();

    private final Segmenter untagged;

    private TagSegmenter(Segmenter untagged) {
        this.untagged = untagged;
    }

    /** Untagged text goes to {@link RuleSegmenter#standard()}. */
    public static TagSegmenter create() {
        return new TagSegmenter(RuleSegmenter.standard());
    }

    /** Untagged text goes to {@code fallback}, which must return the text it is given (not strip anything). */
    public static TagSegmenter withFallback(Segmenter fallback) {
        if (fallback == null) {
            throw new IllegalArgumentException("fallback must not be null");
        }
        return new TagSegmenter(fallback);
    }

    /** Untagged text gets {@code level} (source {@link LevelSpan#DEFAULT}). */
    public static TagSegmenter withDefault(ReasoningLevel level) {
        return withFallback(Segmenter.constant(level));
    }

    /** Whether {@code text} holds at least one level tag. */
    public static boolean hasTags(String text) {
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            if (ReasoningLevel.ofTagName(m.group(2)).isPresent()) return true;
        }
        return false;
    }

    /**
     * {@code text} without its level tags, whether or not they pair up: every level tag and every near-miss
     * ({@code <strategy>}) is cut out as {@link #segment} cuts tags (a line of nothing but tags goes with its line
     * break), and all else stays. For a trace whose tags break the format, so that the rules can label it instead.
     */
    public static String withoutTags(String text) {
        List<Tag> tags = new ArrayList<>();
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            Optional<ReasoningLevel> level = ReasoningLevel.ofTagName(m.group(2));
            if (level.isPresent() || nearMiss(m.group(2)).isPresent()) {
                tags.add(new Tag(level.orElse(null), !m.group(1).isEmpty(), m.start(), m.end()));
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int[] cut : cuts(text, tags)) {
            out.append(text, at, cut[0]);
            at = cut[1];
        }
        return out.append(text, at, text.length()).toString();
    }

    @Override
    public SegmentedTrace segment(String taggedText) {
        return segment(null, taggedText);
    }

    /** Like {@link #segment(String)}; errors name {@code recordId} (e.g. a JSONL line number or an example id). */
    public SegmentedTrace segment(String recordId, String text) {
        List<Tag> tags = scan(recordId, text);
        List<int[]> cuts = cuts(text, tags);
        // ---- strip: copy what no cut removes; a tag's stripped offset is the output length at its edge
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        int[] strippedAt = new int[tags.size()];
        int tagIndex = 0;
        for (int[] cut : cuts) {
            out.append(text, at, cut[0]);
            for (; tagIndex < tags.size() && tags.get(tagIndex).start < cut[1]; tagIndex++) {
                // a closing tag's content ends where the cut starts, an opening tag's starts where it ends: the
                // cut itself leaves nothing, so both are the output length here
                strippedAt[tagIndex] = out.length();
            }
            at = cut[1];
        }
        out.append(text, at, text.length());
        String stripped = out.toString();
        // ---- spans: tagged pairs, and the untagged gaps between them through the fallback
        List<LevelSpan> spans = new ArrayList<>();
        int gapStart = 0;
        for (int i = 0; i < tags.size(); i += 2) {
            int[] core = SegmentedTrace.trim(stripped, strippedAt[i], strippedAt[i + 1]);
            if (core[0] == core[1]) continue; // an empty tag pair labels nothing
            addUntagged(recordId, stripped, gapStart, core[0], spans);
            spans.add(new LevelSpan(tags.get(i).level, core[0], core[1], LevelSpan.TAGGED));
            gapStart = core[1];
        }
        addUntagged(recordId, stripped, gapStart, stripped.length(), spans);
        return new SegmentedTrace(stripped, SegmentedTrace.tile(spans, stripped.length()));
    }

    private void addUntagged(String recordId, String text, int from, int to, List<LevelSpan> spans) {
        int[] core = SegmentedTrace.trim(text, from, to);
        if (core[0] == core[1]) return;
        String gap = text.substring(core[0], core[1]);
        SegmentedTrace inner = untagged.segment(gap);
        if (!inner.text().equals(gap)) {
            throw new IllegalStateException((recordId == null ? "" : "record " + recordId + ": ")
                    + "the fallback segmenter changed the untagged text; it must only label it");
        }
        for (LevelSpan span : inner.spans()) spans.add(span.shift(core[0]));
    }

    private record Tag(ReasoningLevel level, boolean closing, int start, int end) {
    }

    /** The level tags in order, checked to pair up: open, close, open, close, ... */
    private static List<Tag> scan(String recordId, String text) {
        List<Tag> tags = new ArrayList<>();
        Tag open = null;
        Matcher m = TAG.matcher(text);
        while (m.find()) {
            String name = m.group(2);
            boolean closing = !m.group(1).isEmpty();
            Optional<ReasoningLevel> level = ReasoningLevel.ofTagName(name);
            if (level.isEmpty()) {
                nearMiss(name).ifPresent(guess -> {
                    throw new TagFormatException(recordId, text, m.start(), "unknown tag " + m.group()
                            + " (did you mean <" + (closing ? "/" : "") + guess + ">?); the level tags are "
                            + LEVEL_TAGS);
                });
                continue;
            }
            Tag tag = new Tag(level.get(), closing, m.start(), m.end());
            if (!closing && open != null) {
                throw new TagFormatException(recordId, text, tag.start, m.group() + " inside <" + tagName(open)
                        + "> opened at " + TagFormatException.position(text, open.start) + "; level tags do not nest");
            }
            if (closing && open == null) {
                throw new TagFormatException(recordId, text, tag.start, "stray closing tag " + m.group()
                        + ": no tag is open");
            }
            if (closing && open.level != tag.level) {
                throw new TagFormatException(recordId, text, tag.start, "closing tag " + m.group() + " does not match <"
                        + tagName(open) + "> opened at " + TagFormatException.position(text, open.start));
            }
            open = closing ? null : tag;
            tags.add(tag);
        }
        if (open != null) {
            throw new TagFormatException(recordId, text, open.start, "<" + tagName(open) + "> is never closed");
        }
        return tags;
    }

    private static String levelTags() {
        List<String> tags = ReasoningLevel.thinkingLevels().stream().map(l -> "<" + l.tagName().orElseThrow() + ">").toList();
        return tags.size() == 1 ? tags.get(0)
                : String.join(", ", tags.subList(0, tags.size() - 1)) + " and " + tags.get(tags.size() - 1);
    }

    private static String tagName(Tag tag) {
        return tag.level.tagName().orElseThrow();
    }

    /** The level name an unknown tag was probably meant to be: same first four letters ({@code strategy}). */
    private static Optional<String> nearMiss(String name) {
        if (name.length() < 4) return Optional.empty();
        String prefix = name.substring(0, 4).toLowerCase(Locale.ROOT);
        for (ReasoningLevel level : ReasoningLevel.thinkingLevels()) {
            Optional<String> tag = level.tagName().filter(t -> t.startsWith(prefix));
            if (tag.isPresent()) return tag;
        }
        return Optional.empty();
    }

    /**
     * The ranges to delete, in order: each tag, widened to its whole line (with the line break) when the line
     * holds nothing but tags and spaces.
     */
    private static List<int[]> cuts(String text, List<Tag> tags) {
        List<int[]> cuts = new ArrayList<>();
        int i = 0;
        while (i < tags.size()) {
            int lineStart = text.lastIndexOf('\n', tags.get(i).start - 1) + 1;
            int lineEnd = text.indexOf('\n', tags.get(i).start);
            if (lineEnd < 0) lineEnd = text.length();
            int j = i;
            boolean onlyTags = blank(text, lineStart, tags.get(i).start);
            while (j + 1 < tags.size() && tags.get(j + 1).start < lineEnd) {
                onlyTags &= blank(text, tags.get(j).end, tags.get(j + 1).start);
                j++;
            }
            onlyTags &= blank(text, tags.get(j).end, lineEnd);
            if (onlyTags) {
                cuts.add(new int[] {lineStart, Math.min(lineEnd + 1, text.length())});
            } else {
                for (int k = i; k <= j; k++) cuts.add(new int[] {tags.get(k).start, tags.get(k).end});
            }
            i = j + 1;
        }
        return cuts;
    }

    private static boolean blank(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }
}
