package org.reasonbridge.levels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.model.tokenizer.TokenizedText;

class LevelRendererTest {

    private static final Pattern ANSI_CODE = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");
    /** Every level's name and a space, in enum order: the legend without its colours. */
    private static final String LEGEND = java.util.Arrays.stream(ReasoningLevel.values()).map(l -> l + " ")
            .collect(java.util.stream.Collectors.joining());

    /** The text an HTML fragment shows: tags dropped, entities decoded. */
    private static String shown(String html) {
        return HTML_TAG.matcher(html).replaceAll("").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    /** The legend, then the body, as the HTML shows them. */
    private static String shownBody(String html) {
        return shown(html).substring(LEGEND.replace(" ", "").length());
    }

    /** raw character, its escape. */
    static Stream<Arguments> escapes() {
        return Stream.of(Arguments.of("<", "&lt;"), Arguments.of(">", "&gt;"), Arguments.of("&", "&amp;"),
                Arguments.of("\"", "&quot;"), Arguments.of("'", "&#39;"), Arguments.of("&lt;", "&amp;lt;"),
                Arguments.of("é😀", "é😀"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("escapes")
    void escapesHtml(String raw, String escaped) {
        StringBuilder out = new StringBuilder();
        LevelRenderer.escape(raw, 0, raw.length(), out);
        assertEquals(escaped, out.toString());
    }

    @Test
    void htmlShowsTheTextColouredWithLegendAndWhy() {
        String text = "Let x be <b> & \"y\". So x = 1 < 2.\n</think>";
        SegmentedTrace trace = new SegmentedTrace(text, List.of(
                new LevelSpan(ReasoningLevel.TACTICAL, 0, 20, "tactical.let-be"),
                new LevelSpan(ReasoningLevel.OPERATIONAL, 20, 33, "operational.arithmetic"),
                new LevelSpan(ReasoningLevel.OUTPUT, 34, 42, LevelSpan.MARKER)));
        String html = LevelRenderer.html(trace);
        assertTrue(html.startsWith("<div") && html.endsWith("</div>"));
        assertEquals(text, shownBody(html));
        assertTrue(html.contains("title=\"TACTICAL \u2014 tactical.let-be\""), html);
        assertTrue(html.contains("title=\"OUTPUT \u2014 MARKER\">&lt;/think&gt;</span>"), html);
        assertTrue(html.contains("Let x be &lt;b&gt; &amp; &quot;y&quot;."), html);
        for (ReasoningLevel level : ReasoningLevel.values()) assertTrue(html.contains(">" + level + "</span>"));
    }

    @Test
    void ansiIsTheTextWithColourCodes() {
        SegmentedTrace trace = RuleSegmenter.standard().segment("We need to find x.\nLet x be 2. So x = 2.");
        String ansi = LevelRenderer.ansi(trace);
        assertEquals(LEGEND + "\n" + trace.text(), ANSI_CODE.matcher(ansi).replaceAll(""));
        assertTrue(ansi.contains("\u001b[35mWe need to find x.\n\u001b[0m"), ansi);
    }

    @Test
    void perTokenViewsShowEveryTokenOnce() {
        String text = "\uD83D\uDE00 a<b";
        // three byte pieces share the emoji; the space is in no token; "a<b" is one token
        TokenizedText tokens = new TokenizedText(new int[] {10, 11, 12, 13}, new int[] {0, 0, 0, 3}, new int[] {2, 2, 2, 6});
        LevelMasks masks = LevelMasks.of(tokens, text, List.of(new LevelSpan(ReasoningLevel.TACTICAL, 0, 2, "r")), 0);
        String html = LevelRenderer.htmlTokens(masks, text);
        assertEquals(text, shownBody(html));
        Matcher boxes = Pattern.compile("title=\"#\\d+ id \\d+ (\\w+)\"").matcher(html);
        StringBuilder levels = new StringBuilder();
        while (boxes.find()) levels.append(boxes.group(1)).append(' ');
        assertEquals("TACTICAL TACTICAL TACTICAL unlabelled ", levels.toString());
        assertTrue(html.contains("a&lt;b</span>"), html);
        assertEquals(text, ANSI_CODE.matcher(LevelRenderer.ansiTokens(masks, text)).replaceAll(""));
    }
}
