package org.reasonbridge.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How often {@code grade --kind math} gives Math-Verify's verdict on Math-Verify's own test expectations
 * ({@code grading/math_verify/cases.jsonl}; origin, commits and licence in {@code SOURCE.md} beside it). The rate
 * is printed and pinned per split: the tuning split is what the grader was changed against, the held-out split
 * was only measured. A fall below the pinned count fails; a rise means the pin should be raised.
 */
class MathVerifyAgreementTest {
    /** Agreements reached on each split; see POLICY.md for the deliberate differences behind the rest. */
    static final Map<String, Integer> PINNED = Map.of("tuning", 126, "held-out", 143);

    record Case(String split, String test, String gold, String pred, boolean mathVerify) {
    }

    static List<Case> cases() {
        ObjectMapper json = new ObjectMapper();
        List<Case> out = new ArrayList<>();
        try (InputStream in = MathVerifyAgreementTest.class.getResourceAsStream("/grading/math_verify/cases.jsonl")) {
            assertNotNull(in, "grading/math_verify/cases.jsonl is missing from the test resources");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode c = json.readTree(line);
                out.add(new Case(c.get("split").asText(), c.get("test").asText(), c.get("gold").asText(),
                        c.get("pred").asText(), c.get("math_verify").asInt() == 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void agreesWithMathVerifyAtLeastAsOftenAsPinned() {
        Map<String, int[]> bySplit = new TreeMap<>();
        StringBuilder differences = new StringBuilder();
        for (Case c : cases()) {
            boolean ours = Grader.MATH.grade(c.pred(), c.gold(), List.of());
            int[] counts = bySplit.computeIfAbsent(c.split(), k -> new int[2]);
            counts[1]++;
            if (ours == c.mathVerify()) counts[0]++;
            else differences.append(String.format("  [%s] %s: math-verify %s, ours %s | gold %s | pred %s%n", c.split(), c.test(),
                    c.mathVerify() ? 1 : 0, ours ? 1 : 0, clip(c.gold()), clip(c.pred())));
        }
        StringBuilder report = new StringBuilder("Agreement with Math-Verify:\n");
        bySplit.forEach((split, n) -> report.append(String.format("  %-8s %d/%d (%.1f%%)%n", split, n[0], n[1], 100.0 * n[0] / n[1])));
        System.out.print(report.append("Differences:\n").append(differences));
        bySplit.forEach((split, n) -> assertTrue(n[0] >= PINNED.get(split),
                split + ": " + n[0] + " agreements, pinned " + PINNED.get(split) + "\n" + report));
    }

    private static String clip(String s) {
        String flat = s.replace("\n", "\\n");
        return flat.length() <= 140 ? flat : flat.substring(0, 60) + " ... " + flat.substring(flat.length() - 75);
    }
}
