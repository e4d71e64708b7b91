package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./reasonbridge ablate --quick} with a few of Table 2's variants on the quick mini world, built from scratch:
 * every row of {@code table2.csv} is recomputed here from the variants' {@code samples.jsonl} (accuracy, n, and the
 * paired delta against full on the same problems), and a second run skips every finished variant and writes the
 * same table. An unknown variant is refused before any work, listing the valid ones.
 */
class AblationRunTest {
    private static final List<String> VARIANTS = List.of("full", "no-difficulty", "random", "sft");

    @Test
    void quickAblationTableComesFromItsEvaluationFiles(@TempDir Path home) throws Exception {
        LauncherTest.Result bad = LauncherTest.launch(home, "ablate", "--quick", "--variants", "full,no-difficulty,bogus",
                "--out", home.resolve("bad").toString());
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("no variant 'bogus'") && bad.err().contains("no-quality, no-difficulty"), bad.err());
        assertTrue(!Files.exists(home.resolve("bad").resolve("variants")), "work done before refusing an unknown variant");

        Path out = home.resolve("ablate");
        // the subset in any order: the table keeps the paper's order
        LauncherTest.Result r = LauncherTest.launch(home, "ablate", "--quick", "--variants", "sft,random,no-difficulty",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("table: " + out.resolve("table2.md")), r.out());
        assertTrue(Files.size(out.resolve("table2.md")) > 0);

        List<String> rows = Files.readAllLines(out.resolve("table2.csv"));
        assertEquals("variant,benchmark,n,accuracy,ci_lo,ci_hi,full_accuracy,delta,delta_lo,delta_hi,full_better", rows.get(0));
        assertEquals(VARIANTS.size() + 1, rows.size(), String.join("\n", rows));
        Map<String, Map<String, Boolean>> verdicts = new LinkedHashMap<>();
        for (String v : VARIANTS) verdicts.put(v, verdicts(out.resolve("variants").resolve(v).resolve("eval").resolve("in-domain")));
        Map<String, Boolean> full = verdicts.get("full");
        for (int i = 0; i < VARIANTS.size(); i++) {
            String[] f = rows.get(i + 1).split(",", -1);
            String variant = VARIANTS.get(i);
            Map<String, Boolean> v = verdicts.get(variant);
            assertEquals(variant, f[0], rows.get(i + 1));
            assertEquals("in-domain", f[1]);
            assertEquals(v.size(), Integer.parseInt(f[2]), rows.get(i + 1));
            double accuracy = v.values().stream().filter(b -> b).count() / (double) v.size();
            assertEquals(accuracy, Double.parseDouble(f[3]), 1e-9, rows.get(i + 1));
            assertTrue(Double.parseDouble(f[4]) <= accuracy + 1e-9 && accuracy <= Double.parseDouble(f[5]) + 1e-9, rows.get(i + 1));
            assertEquals(full.keySet(), v.keySet(), "variants must be evaluated on the same problems");
            double delta = v.keySet().stream().mapToDouble(id -> (v.get(id) ? 1 : 0) - (full.get(id) ? 1 : 0)).sum() / v.size();
            assertEquals(delta, Double.parseDouble(f[7]), 1e-9, rows.get(i + 1));
            if (variant.equals("full")) {
                assertEquals("reference", f[10]);
            } else {
                assertTrue(Double.parseDouble(f[8]) <= delta + 1e-9 && delta <= Double.parseDouble(f[9]) + 1e-9, rows.get(i + 1));
            }
            JsonNode record = Json.MAPPER.readTree(out.resolve("variants").resolve(variant).resolve("variant.json").toFile());
            assertEquals(variant, record.get("spec").get("variant").asText());
        }
        // each variant trained what it says: its own data, or the full data under another loss
        JsonNode sft = Json.MAPPER.readTree(out.resolve("variants/sft/variant.json").toFile()).get("spec");
        assertEquals("sft", sft.get("training").get("loss").asText());
        assertEquals("curated", sft.get("data").asText());
        assertEquals("no-difficulty", Json.MAPPER.readTree(out.resolve("variants/no-difficulty/variant.json").toFile())
                .get("spec").get("data").asText());
        assertNotEquals(Files.readString(out.resolve("data/curated.jsonl")), Files.readString(out.resolve("data/random.jsonl")));

        // a rerun skips every finished variant and writes the same table
        Map<String, FileTime> stamps = new LinkedHashMap<>();
        for (String v : VARIANTS) {
            stamps.put(v, Files.getLastModifiedTime(out.resolve("variants").resolve(v).resolve("eval/in-domain/results.json")));
        }
        LauncherTest.Result again = LauncherTest.launch(home, "ablate", "--quick", "--variants", "no-difficulty,random,sft",
                "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        for (String v : VARIANTS) {
            assertTrue(again.err().contains(v + " ") && again.err().contains("done before: " + out.resolve("variants").resolve(v)),
                    again.err());
            assertEquals(stamps.get(v), Files.getLastModifiedTime(out.resolve("variants").resolve(v).resolve("eval/in-domain/results.json")));
        }
        assertTrue(!again.err().contains("train-"), "a finished variant trained again:\n" + again.err());
        assertEquals(rows, Files.readAllLines(out.resolve("table2.csv")));
    }

    private static Map<String, Boolean> verdicts(Path dir) throws Exception {
        Map<String, Boolean> v = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
            if (line.isBlank()) continue;
            JsonNode s = Json.MAPPER.readTree(line);
            if (s.has("id") && s.has("verdict")) v.put(s.get("id").asText(), s.get("verdict").asBoolean());
        }
        return v;
    }
}
