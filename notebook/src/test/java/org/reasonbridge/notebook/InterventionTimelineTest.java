package org.reasonbridge.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.inference.Evidence;
import org.reasonbridge.inference.Intervention;
import org.reasonbridge.inference.ReasoningState;
import org.reasonbridge.model.generate.FinishReason;
import org.reasonbridge.model.generate.Generation;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text with each phrase numbered where it was spliced, its evidence underlined, and the table below. */
class InterventionTimelineTest {
    private static final String TEXT = "So 3 + 4 = 8. Wait, let me double-check: 3 + 4 = 7. The answer is 7.";

    private static Intervention verify(List<Evidence> evidence) {
        return new Intervention(TEXT.indexOf("Wait"), ReasoningState.UNVERIFIED, evidence, "Wait, let me double-check:", 4);
    }

    @Test
    void marksThePhraseAndTheEvidenceWhereTheTextHasThem() {
        Evidence wrong = new Evidence(Evidence.Kind.ARITHMETIC_ERROR, 3, 12, "3 + 4 = 8", "3 + 4 is 7, not 8");
        Evidence elsewhere = new Evidence(Evidence.Kind.UNADDRESSED_CONDITION, 0, 4, "nine", "the problem's 9 is unused");
        MimeBundle b = InterventionTimeline.of(TEXT, List.of(verify(List.of(wrong, elsewhere))));
        String html = b.data().get("text/html");
        assertTrue(html.contains("<sup style=\"font-weight:bold\">1</sup>Wait, let me double-check:</span>"), html);
        assertTrue(html.contains("title=\"#1 ARITHMETIC_ERROR: 3 + 4 is 7, not 8\">3 + 4 = 8</span>"), "evidence underlined");
        assertFalse(html.contains(">nine<"), "evidence not in the text is listed, not marked");
        assertTrue(html.contains("<b>UNADDRESSED_CONDITION</b>"), "listed in the table");
        assertTrue(html.contains("char " + TEXT.indexOf("Wait")));
        assertTrue(b.text().contains("1 intervention\n1. char " + TEXT.indexOf("Wait") + " UNVERIFIED -> \"Wait, let me double-check:\""), b.text());
    }

    @Test
    void noInterventionsSaysSo() {
        MimeBundle b = InterventionTimeline.of("plain <text>", List.of());
        assertTrue(b.data().get("text/html").contains("no interventions"));
        assertTrue(b.data().get("text/html").contains("plain &lt;text&gt;"));
    }

    @Test
    void localGenerationsCountPositionsInTokens(@TempDir Path dir) throws Exception {
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            try (InputStream in = Tokenizer.class.getResourceAsStream("/org/reasonbridge/model/tiny/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        try (Tokenizer tok = Tokenizer.load(dir)) {
            int[] before = tok.encode("So the sum is 8.");
            int[] phrase = tok.encode(" Wait");
            int[] ids = new int[before.length + phrase.length];
            System.arraycopy(before, 0, ids, 0, before.length);
            System.arraycopy(phrase, 0, ids, before.length, phrase.length);
            Generation g = new Generation(new int[0], ids, tok.decode(ids), FinishReason.LENGTH, -1);
            Intervention i = new Intervention(before.length, ReasoningState.PARTIAL, List.of(), " Wait", before.length);
            String html = InterventionTimeline.of(g, tok, List.of(i)).data().get("text/html");
            assertTrue(html.contains("<sup style=\"font-weight:bold\">1</sup> Wait</span>"), html);
            assertTrue(html.contains("token " + before.length));
            assertEquals(tok.decode(before).length(), tok.decode(ids).indexOf(" Wait"));
        }
    }
}
