package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.json.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./reasonbridge demo --quick} as the README's first command runs it: the report has its sections and claim
 * rows, and every number in it comes from the evaluation folders (recomputed here from {@code samples.jsonl} and
 * {@code results.json}). A second run over the same folder does no work and writes the same numbers.
 */
class DemoCommandTest {
    @Test
    void quickDemoReportsNumbersFromItsEvaluationFiles(@TempDir Path home) throws Exception {
        Path out = home.resolve("demo");
        LauncherTest.Result r = LauncherTest.launch(home, "demo", "--quick", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Path report = out.resolve("report");
        assertTrue(r.out().contains("report: " + report.resolve("report.md")), r.out());
        for (String f : List.of("report.md", "results.csv", "claims.csv", "figure.png")) {
            assertTrue(Files.size(report.resolve(f)) > 0, f);
        }
        String md = Files.readString(report.resolve("report.md"), StandardCharsets.UTF_8);
        for (String section : List.of("## Claims", "## Accuracy", "| ReasonBridge > base | in-domain |",
                "| guided intervention > none | in-domain |", "| guided intervention > budget forcing | in-domain |",
                "| negative control (mismatched traces) > base | in-domain |")) {
            assertTrue(md.contains(section), section + " missing from\n" + md);
        }
        // every row of results.csv: accuracy recomputed from samples.jsonl, and the runner's results.json agrees
        List<String> rows = Files.readAllLines(report.resolve("results.csv"));
        assertEquals("condition,set,n,accuracy,ci_low,ci_high,mean_completion_tokens", rows.get(0));
        Map<String, Map<String, Boolean>> verdicts = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            Path dir = out.resolve("eval").resolve(f[0]).resolve(f[1]);
            Map<String, Boolean> v = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve("samples.jsonl"))) {
                if (line.isBlank()) continue;
                JsonNode s = Json.MAPPER.readTree(line);
                if (s.has("id") && s.has("verdict")) v.put(s.get("id").asText(), s.get("verdict").asBoolean());
            }
            verdicts.put(f[0] + "/" + f[1], v);
            double accuracy = v.values().stream().filter(b -> b).count() / (double) v.size();
            assertEquals(v.size(), (int) Double.parseDouble(f[2]), row);
            assertEquals(accuracy, Double.parseDouble(f[3]), 1e-9, row);
            assertTrue(Double.parseDouble(f[4]) <= accuracy + 1e-9 && accuracy <= Double.parseDouble(f[5]) + 1e-9, row);
            JsonNode results = Json.MAPPER.readTree(dir.resolve("results.json").toFile());
            assertEquals(accuracy, results.get("metrics").get("accuracy").asDouble(), 1e-9, row);
            assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| %s | %s | %d | %.1f |", f[0], f[1], v.size(), 100 * accuracy)), row);
        }
        // the per-domain table counts each domain's problems and right answers of the same samples (ids DOMAIN-L...)
        List<String> domains = Files.readAllLines(report.resolve("paper").resolve("domains.csv"));
        List<String> header = List.of(domains.get(0).split(","));
        int checked = 0;
        for (String row : domains.subList(1, domains.size())) {
            String[] f = row.split(",");
            if (!f[header.indexOf("system")].equals("base")) continue;
            Map<String, Boolean> v = verdicts.get("base/" + f[header.indexOf("benchmark")]);
            String prefix = f[header.indexOf("group")] + "-L";
            assertEquals(v.keySet().stream().filter(id -> id.startsWith(prefix)).count(), Long.parseLong(f[header.indexOf("n")]), row);
            assertEquals(v.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue()).count(),
                    Long.parseLong(f[header.indexOf("correct")]), row);
            checked++;
        }
        assertTrue(checked > org.reasonbridge.demo.MiniDomain.values().length, String.join("\n", domains));
        // the claims are paired differences of those verdicts
        List<String> claims = Files.readAllLines(report.resolve("claims.csv"));
        assertTrue(claims.size() >= 5, String.join("\n", claims));
        Map<String, String[]> pairs = Map.of("ReasonBridge > base", new String[]{"reasonbridge", "base"},
                "guided intervention > none", new String[]{"reasonbridge+gii", "reasonbridge"},
                "negative control (mismatched traces) > base", new String[]{"control", "base"});
        for (String row : claims.subList(1, claims.size())) {
            String[] f = row.split(",");
            if (!pairs.containsKey(f[0]) || !f[1].equals("in-domain")) continue;
            Map<String, Boolean> a = verdicts.get(pairs.get(f[0])[0] + "/in-domain"), b = verdicts.get(pairs.get(f[0])[1] + "/in-domain");
            double diff = a.keySet().stream().mapToDouble(id -> (a.get(id) ? 1 : 0) - (b.get(id) ? 1 : 0)).sum() / a.size();
            assertEquals(diff, Double.parseDouble(f[2]), 1e-9, row);
        }
        // the digit-program diagnostic is the same difference over the programs' items alone
        Map<String, Boolean> rb = verdicts.get("reasonbridge/in-domain"), base = verdicts.get("base/in-domain");
        List<String> programs = rb.keySet().stream().filter(id -> id.startsWith("programs-")).toList();
        String row = claims.stream().filter(c -> c.startsWith("\"ReasonBridge > base, digit programs only")).findFirst().orElseThrow();
        String[] f = row.substring(row.lastIndexOf('"') + 2).split(",");
        assertEquals(programs.stream().mapToDouble(id -> (rb.get(id) ? 1 : 0) - (base.get(id) ? 1 : 0)).sum() / programs.size(),
                Double.parseDouble(f[1]), 1e-9, row);
        // resumable: the second run finds every stage done and writes the same numbers
        LauncherTest.Result again = LauncherTest.launch(home, "demo", "--quick", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(rows, Files.readAllLines(report.resolve("results.csv")));
        assertEquals(claims, Files.readAllLines(report.resolve("claims.csv")));
        // over seeds: the run above as seed 0 of --seeds (resumed from a copy), its differences and their mean
        Path seeds = home.resolve("seeds");
        copy(out, seeds.resolve("seed-0"));
        LauncherTest.Result over = LauncherTest.launch(home, "demo", "--quick", "--seeds", "0", "--out", seeds.toString());
        assertEquals(0, over.code(), over.err());
        assertTrue(over.out().contains("report: " + seeds.resolve("report").resolve("seeds.md")), over.out());
        List<String> pooled = Files.readAllLines(seeds.resolve("report").resolve("seeds.csv"));
        assertEquals("claim,set,seed 0,mean,ci_low,ci_high,n,verdict", pooled.get(0));
        String[] main = claims.stream().filter(c -> c.startsWith("ReasonBridge > base,in-domain,")).findFirst().orElseThrow().split(",");
        String[] one = pooled.stream().filter(c -> c.startsWith("ReasonBridge > base,in-domain,")).findFirst().orElseThrow().split(",");
        assertEquals(Double.parseDouble(main[2]), Double.parseDouble(one[2]), 1e-9);
        assertEquals(Double.parseDouble(main[2]), Double.parseDouble(one[3]), 1e-9);
        assertTrue(Double.parseDouble(one[4]) <= Double.parseDouble(one[3]) && Double.parseDouble(one[3]) <= Double.parseDouble(one[5]),
                String.join("\n", pooled));
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
