package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code grade --pairs FILE} gives Math-Verify's verdict on the forms issue 14 names (each pair is a case of
 * Math-Verify's {@code tests/test_all.py}, gold and prediction as written there), and keeps each line's fields.
 */
class GradeMathVerifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** pred, gold, Math-Verify's verdict. */
    private static final String[][] PAIRS = {
            {"Answer \\( 9 \\)", "$9$", "true"},
            {"Answer $$ 9 $$", "$9$", "true"},
            {"Answer \\[ 9 \\]", "$9$", "true"},
            {"Answer $ 9 $", "$9$", "true"},
            {"$\\cfrac{1}{3} $", "$1/3$", "true"},
            {"$\\frac{1}{3} \\textbf{meters}$", "$1/3$", "true"},
            {"$5 \\leq x$", "$x \\geq 5$", "true"},
            {"Therefore $x \\geq 5$ is the solution.", "$x >= 5$", "true"},
            {"We find that $x \\neq 3$.", "$x != 3$", "true"},
            {"$-x > -1$", "$x < 1$", "true"},
            {"1.22", "1,22", "true"},
            {"The distance is $\\boxed{125\\textnormal{ miles}}.$", "$125$ miles", "true"},
            {"x \\in \\boxed{\\{-1\\} \\cup [0,7)}.$", "x \\in \\boxed{\\{-1\\} \\cup [0,7)}.$", "true"},
            {"\\boxed{\n\\begin{pmatrix} 0 & 3 \\\\ 0 & -1 \\end{pmatrix}\n}.\n\\end{align*}",
                    "\\boxed{\n\\begin{pmatrix} 0 & 3 \\\\ 0 & -1 \\end{pmatrix}\n}.\n\\end{align*}", "true"},
            {"Therefore $x < 5$ is the solution.", "$x > 5$", "false"},
            {"The solution is $x \\leq 5$", "$x \\geq 5$", "false"},
            {"$x > -1$", "$x < 1$", "false"},
    };

    @Test
    void agreesWithMathVerifyOnTheIssuesExamples() throws IOException {
        Path pairs = tmp.resolve("pairs.jsonl"), out = tmp.resolve("graded.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PAIRS.length; i++) {
            ObjectNode row = JSON.createObjectNode().put("id", i).put("pred", PAIRS[i][0]).put("gold", PAIRS[i][1]);
            lines.add(JSON.writeValueAsString(row));
        }
        Files.write(pairs, lines, StandardCharsets.UTF_8);

        CliRun.Result r = CliRun.run("grade", "--pairs", pairs.toString(), "--out", out.toString());

        assertEquals(0, r.code(), r.err());
        List<String> graded = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(PAIRS.length, graded.size());
        for (int i = 0; i < PAIRS.length; i++) {
            JsonNode row = JSON.readTree(graded.get(i));
            assertEquals(i, row.get("id").asInt(), "line order and fields are kept");
            assertEquals(Boolean.parseBoolean(PAIRS[i][2]), row.get("verdict").asBoolean(), PAIRS[i][0] + " vs " + PAIRS[i][1]);
        }
        assertTrue(r.err().contains("graded " + PAIRS.length + " pairs: 14 right"), r.err());
    }

    @Test
    void aBadLineNamesTheFileAndLine() throws IOException {
        Path pairs = tmp.resolve("bad.jsonl");
        Files.writeString(pairs, "{\"pred\": \"1\", \"gold\": \"1\"}\n{\"pred\": \"1\"}\n");
        CliRun.Result r = CliRun.run("grade", "--pairs", pairs.toString());
        assertTrue(r.code() != 0, "a line without gold fails the run");
        assertTrue((r.err() + r.out()).contains(pairs + ":2"), r.err());
    }
}
