package org.reasonbridge.serve;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Streamed pieces never contain any part of a stop string and concatenate to the final text. */
class StopHoldbackTest {
    @ParameterizedTest(name = "{0} with stops {1}")
    @CsvSource(delimiter = '|', value = {
            // deltas (comma-separated) | stops (comma-separated, '-' none) | final text
            "ab,cd,ef         | -       | abcdef",
            "ab,c\\n,\\nd     | \\n\\n  | abc",
            "hello, wor,ld    | world   | 'hello '",
            "x,EN,D,y         | END,y   | x",
            "aa,bb            | zz      | aabb",
            "a,b,STOPc        | STOP,b  | a",
    })
    void piecesConcatenateToTheCutText(String deltas, String stops, String finalText) {
        List<String> stopList = stops.equals("-") ? List.of() : Arrays.asList(stops.replace("\\n", "\n").split(","));
        StopHoldback h = new StopHoldback(stopList);
        StringBuilder sent = new StringBuilder();
        for (String d : deltas.replace("\\n", "\n").split(",", -1)) {
            String piece = h.offer(d);
            sent.append(piece);
            for (String s : stopList) assertFalse(sent.toString().contains(s), "sent " + sent);
        }
        sent.append(h.finish(finalText));
        assertEquals(finalText, sent.toString());
    }
}
