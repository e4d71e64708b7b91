package org.reasonbridge.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The summary line of alternating rounds: each ratio's median (odd and even counts) and its range, in given order. */
class TorchPeerTest {
    @Test
    void roundsLineGivesMedianAndRangeOfEachRatio() {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        ratios.put("decode median", List.of(1.6, 1.2, 1.4));    // odd: the middle one
        ratios.put("prefill", List.of(0.9, 0.7, 1.0, 0.8));     // even: the mean of the middle two
        assertEquals("ratio over 4 alternating rounds, median [min, max]: decode median 1.40x [1.20, 1.60], "
                + "prefill 0.85x [0.70, 1.00]", TorchPeer.roundsLine(4, ratios));
        assertEquals("ratio over 1 alternating rounds, median [min, max]: prefill 0.93x [0.93, 0.93]",
                TorchPeer.roundsLine(1, Map.of("prefill", List.of(0.93))));
    }
}
