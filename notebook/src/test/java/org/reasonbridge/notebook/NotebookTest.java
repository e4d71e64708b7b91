package org.reasonbridge.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How values become outputs, and how outputs reach the sink. */
class NotebookTest {
    @RegisterExtension
    final RecordingSink sink = new RecordingSink();

    static Stream<Arguments> renderings() {
        Table t = Table.create("t", IntColumn.create("n", 1, 2));
        return Stream.of(
                Arguments.of("a string", List.of("text/plain"), "a string"),
                Arguments.of(null, List.of("text/plain"), "null"),
                Arguments.of(42, List.of("text/plain"), "42"),
                Arguments.of(new int[] {1, 2}, List.of("text/plain"), "[1, 2]"),
                Arguments.of(new String[][] {{"a"}, {"b"}}, List.of("text/plain"), "[[a], [b]]"),
                Arguments.of(t, List.of("text/html", "text/plain"), Tables.text(t)),
                Arguments.of(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), List.of("image/png", "text/plain"), "[image 3\u00d72, PNG]"),
                Arguments.of(MimeBundle.html("<i>x</i>", "x"), List.of("text/html", "text/plain"), "x"));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void eachValueGetsItsRichestForm(Object value, List<String> mimes, String text) {
        MimeBundle b = Notebook.render(value);
        assertEquals(mimes, List.copyOf(b.data().keySet()));
        assertEquals(text, b.text());
    }

    @Test
    void displayWithAMimeType() {
        assertEquals("<b>x</b>", Notebook.as("text/html", "<b>x</b>").data().get("text/html"));
        assertEquals("**x**", Notebook.as("text/markdown", "**x**").text());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        assertArrayEquals(png, Base64.getDecoder().decode(Notebook.as("image/png", png).data().get("image/png")));
        assertTrue(Notebook.as("image/png", new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)).data().containsKey("image/png"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Notebook.as("image/png", "not bytes"));
        assertTrue(e.getMessage().contains("image/png needs bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Notebook.as("text/html", 5));
    }

    @Test
    void outputsGoToTheAttachedSinkAndUpdatesKeepTheirId() {
        Notebook.display("hello");
        Notebook.Output out = Notebook.output(1);
        out.update(2);
        assertEquals(3, sink.sent.size());
        assertEquals("hello", sink.sent.get(0).bundle().text());
        assertEquals(out.displayId(), sink.sent.get(1).displayId());
        assertEquals(out.displayId(), sink.last().displayId());
        assertTrue(sink.last().update());
        assertEquals("2", sink.last().bundle().text());
        assertFalse(sink.sent.get(0).displayId().equals(out.displayId()));
    }

    @Test
    void tablesAreEscapedAlignedAndCut() {
        int n = Tables.MAX_ROWS + 7;
        String[] names = new String[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            names[i] = i == 0 ? "<b>&" : "row" + i;
            scores[i] = i / 2.0;
        }
        Table t = Table.create("runs", StringColumn.create("name", names), DoubleColumn.create("score", scores));
        String html = Tables.html(t);
        assertTrue(html.contains("&lt;b&gt;&amp;"), "escaped");
        assertFalse(html.contains("<b>&"), "never raw");
        assertTrue(html.contains("text-align:right;padding:2px 8px\">0.5"), "numbers right-aligned");
        assertEquals(Tables.MAX_ROWS + 1, html.split("<tr>", -1).length - 1, "the header row and MAX_ROWS rows");
        assertTrue(html.contains("7 more rows (" + n + " in all)"));
        assertTrue(Tables.text(t).endsWith("... 7 more rows (" + n + " in all)"));
    }

    @Test
    void aLineChartIsAPng() {
        Table t = Table.create("s", IntColumn.create("k", 0, 1, 2), DoubleColumn.create("acc", 0.2, 0.3, 0.35),
                StringColumn.create("method", "gii", "gii", "gii"));
        byte[] png = Base64.getDecoder().decode(Charts.line(t, "k", "acc", "method", "accuracy").data().get("image/png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    }

    @Test
    void tracesAreColouredByLevel() {
        MimeBundle b = Traces.levels("First, plan the approach. Compute 3 + 4 = 7. The answer is 7.");
        assertTrue(b.data().get("text/html").contains("rb-levels"));
        assertTrue(b.text().contains("3 + 4 = 7"));
    }
}
