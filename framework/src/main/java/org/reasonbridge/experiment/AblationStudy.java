package org.reasonbridge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.analysis.BootstrapConfig;
import org.reasonbridge.analysis.LabelledRun;
import org.reasonbridge.analysis.PaperTables;
import org.reasonbridge.analysis.RunFolder;
import org.reasonbridge.analysis.TableFiles;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.data.AtomicFiles;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.training.TrainingConfig;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's Table 2: each {@link Table2Variant} trained and evaluated in its own folder, then the table built by the
 * analysis package from the evaluation folders alone ({@link PaperTables#table2WithReference}).
 *
 * <pre>
 * out/variants/NAME/train/         adapters (or train/model for full fine-tuning), resumable from its checkpoint
 * out/variants/NAME/eval/SET/      results.json + samples.jsonl per test set, resumable
 * out/variants/NAME/variant.json   written atomically once the variant is finished: what it was run with
 * out/table2.csv, out/table2.md    variant, benchmark (the test set), n, accuracy, ci_lo, ci_hi, full_accuracy,
 *                                  delta (variant - full), delta_lo, delta_hi (paired), full_better
 * </pre>
 *
 * A variant whose {@code variant.json} is there is skipped; one written with other inputs is refused, naming what
 * changed, so a table never mixes two setups.
 */
public final class AblationStudy {
    /** The record of a finished variant. */
    public static final String DONE = "variant.json";

    private AblationStudy() {
    }

    /** The tables' files. */
    public record Result(Path csv, Path markdown, Table table) {
    }

    /** Runs every variant not yet finished, then writes {@code out/table2.csv} and {@code out/table2.md}. */
    public static Result run(AblationSetup setup, List<Table2Variant> variants, Path out, Progress progress) {
        if (variants.isEmpty() || !variants.get(0).name().equals(Table2Variant.FULL)) {
            throw new IllegalArgumentException("the variants must start with the reference row '" + Table2Variant.FULL + "'");
        }
        List<LabelledRun> runs = new ArrayList<>();
        for (Table2Variant v : variants) {
            Path dir = out.resolve("variants").resolve(v.name());
            runVariant(setup, v, dir, out, progress);
            for (String set : setup.sets().keySet()) {
                runs.add(new LabelledRun(v.name(), "", set, set, RunFolder.load(dir.resolve("eval").resolve(set))));
            }
        }
        progress.stage("table2", variants.size() + " variants x " + setup.sets().size() + " test sets");
        Table table = PaperTables.table2WithReference(runs, Table2Variant.FULL, BootstrapConfig.DEFAULT.withSeed(setup.seed()))
                .setName("Table 2: ablations against full ReasonBridge");
        Path csv = out.resolve("table2.csv"), md = out.resolve("table2.md");
        AtomicFiles.writeString(csv, TableFiles.csv(table));
        AtomicFiles.writeString(md, markdown(table, variants, setup));
        return new Result(csv, md, table);
    }

    private static void runVariant(AblationSetup setup, Table2Variant v, Path dir, Path out, Progress progress) {
        Path done = dir.resolve(DONE);
        String policy = v.policy() != null ? v.policy() : setup.policy();
        Table2Variant trained = v.reusesFull() ? Table2Variant.all().get(0) : v;
        TrainingConfig config = config(setup, trained);
        Path curated = setup.curation().resolve(trained.data() == null ? CurationStage.SELECTION.file : trained.data().file());
        String dataName = trained.data() == null ? "curated" : trained.data().id();
        Path trainDir = out.resolve("variants").resolve(trained.name()).resolve("train");

        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.put("variant", v.name());
        spec.put("description", v.description());
        spec.put("student", setup.student().toString());
        spec.put("data", dataName);
        spec.set("training", Json.MAPPER.valueToTree(config));
        spec.put("policy", policy);
        spec.put("max_tokens", setup.eval().maxTokens());
        spec.put("open_thinking", setup.eval().openThinking());
        spec.set("sets", Json.MAPPER.valueToTree(new ArrayList<>(setup.sets().keySet())));
        spec.set("inputs", Json.MAPPER.valueToTree(setup.inputs()));
        if (Files.exists(done)) {
            JsonNode before = read(done).get("spec");
            String changed = firstDifference(before, spec);
            if (changed == null) {
                progress.stage(v.name(), "done before: " + done);
                return;
            }
            throw new IllegalArgumentException(done + " was written for other inputs (" + changed + " differs); "
                    + "write the study to another --out, or remove " + dir + " to run this variant again");
        }
        progress.stage(v.name(), v.description());
        if (!Files.exists(curated)) {
            throw new IllegalArgumentException(curated + ": missing; curation must write the '" + dataName + "' set (curate --ablations "
                    + dataName + ") before the variant " + v.name() + " can train");
        }
        Path data = setup.data().prepare(curated, dataName);
        if (!v.reusesFull()) Stages.train(setup.student(), data, config, trainDir, "train-" + v.name(), progress);
        boolean fullModel = config.method().equals("full");
        Path model = fullModel ? trainDir.resolve("model") : setup.student();
        Path adapters = fullModel ? null : trainDir;
        for (Map.Entry<String, AblationSetup.EvalSet> s : setup.sets().entrySet()) {
            Stages.evaluate(model, adapters, v.name(), policy, s.getValue().benchmark(), s.getValue().file(),
                    dir.resolve("eval").resolve(s.getKey()), setup.eval(), Map.of("variant", v.name()), progress);
        }
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.set("spec", spec);
        record.put("data_file", data.toString());
        record.put("data_sha256", sha256(data));
        record.put("model", model.toString());
        record.put("adapters", adapters == null ? null : adapters.toString());
        try {
            AtomicFiles.writeString(done, Json.pretty().writeValueAsString(record) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(done + ": cannot write", e);
        }
    }

    /** The full method's config with the variant's change and then its override applied. */
    static TrainingConfig config(AblationSetup setup, Table2Variant v) {
        ObjectNode json = object(setup.training(), "the full method's training config");
        if (!v.training().isEmpty()) json.setAll(object(v.training(), "variant " + v.name()));
        String override = setup.trainingOverrides().get(v.name());
        if (override != null) json.setAll(object(override, "the training override of variant " + v.name()));
        return TrainingConfig.parse(json.toString(), "variant " + v.name() + "'s training config");
    }

    private static ObjectNode object(String json, String what) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            if (n instanceof ObjectNode o) return o;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": not JSON: " + e.getMessage());
        }
        throw new IllegalArgumentException(what + ": must be a JSON object, got " + json);
    }

    /** The first key (dotted path) whose value differs, or null when equal. */
    static String firstDifference(JsonNode a, JsonNode b) {
        if (a == null || b == null) return a == b ? null : "the record";
        if (a.isObject() && b.isObject()) {
            List<String> keys = new ArrayList<>();
            a.fieldNames().forEachRemaining(keys::add);
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!keys.contains(k)) keys.add(k);
            }
            for (String k : keys) {
                String d = firstDifference(a.get(k), b.get(k));
                if (d != null) return d.equals("the record") ? k : k + "." + d;
            }
            return null;
        }
        // a long written as 7 reads back as an int: numbers are equal by value
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0 ? null : "the record";
        return a.equals(b) ? null : "the record";
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable (remove it to run the variant again)", e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String markdown(Table table, List<Table2Variant> variants, AblationSetup setup) {
        StringBuilder md = new StringBuilder(TableFiles.markdown(table));
        md.append("\npass@1 (greedy) per test set with a 95% percentile-bootstrap interval over problems; delta = variant - full,"
                + " its interval paired over the same problems; full_better: whether full ReasonBridge beats the variant "
                + "(held: the interval of full - variant lies above zero). Test-time policy of every variant: ")
                .append(setup.policy()).append(" unless the variant changes it.\n\n| variant | what changes |\n|---|---|\n");
        Map<String, String> seen = new LinkedHashMap<>();
        for (Table2Variant v : variants) seen.put(v.name(), v.description());
        seen.forEach((n, d) -> md.append("| ").append(n).append(" | ").append(d).append(" |\n"));
        return md.toString();
    }
}
