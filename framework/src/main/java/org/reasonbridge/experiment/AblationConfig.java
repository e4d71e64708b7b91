package org.reasonbridge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.curation.Ablation;
import org.reasonbridge.curation.CurationClients;
import org.reasonbridge.curation.CurationInputs;
import org.reasonbridge.curation.CurationPipeline;
import org.reasonbridge.curation.CurationResult;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.benchmarks.Benchmarks;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.input.JsonFile;
import org.reasonbridge.model.input.JsonFileException;
import org.reasonbridge.model.input.Names;
import org.reasonbridge.teacher.TeacherClient;
import org.reasonbridge.teacher.TeacherRun;
import org.reasonbridge.training.TrainingConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ablation study on real models, read from JSON (e.g. {@code configs/qwen2.5-7b.json}): the student's folder,
 * curation (pool manifests, decontamination sets, a teacher behind a provider, solvers behind OpenAI-compatible
 * servers such as vLLM), the full method's training config, the test-time policy and the test sets. Unknown keys
 * and wrong types are errors naming the key; relative paths are resolved against the working directory, as the
 * command line's are. Every key is listed in the README's "Ablations" section.
 *
 * @param where        the file, for messages
 * @param student      {@code student}: the base model folder
 * @param curation     {@code curation}
 * @param training     {@code training}: {@link TrainingConfig} keys of the full method (validated here)
 * @param overrides    {@code trainingOverrides}: variant name -> training keys it sets on top of its own change
 * @param policy       {@code policy}: the full method's test-time policy, default {@code gii}
 * @param maxTokens    {@code evaluation.maxTokens}: completion tokens per sample, thinking included, default 8192
 * @param openThinking {@code evaluation.openThinking}: open the thinking block after the prompt, default true
 * @param sets         {@code evaluation.sets}: name -> {@code {benchmark, data}} (a benchmark of {@code eval})
 * @param seed         {@code seed}: the bootstrap's seed, default 0
 */
public record AblationConfig(String where, Path student, Curation curation, String training, Map<String, String> overrides,
                             String policy, int maxTokens, boolean openThinking, Map<String, SetSpec> sets, long seed) {
    /** A test set: a benchmark name as {@code eval --benchmark} takes it, and its file or folder. */
    public record SetSpec(String benchmark, Path data) {
    }

    /**
     * The {@code curation} object: {@code pools} (manifests), {@code decontaminate} (name -> file),
     * {@code teacher} ({@code provider}, {@code url}, {@code model}, {@code keyEnv}, {@code maxTokens} 16384,
     * {@code concurrency} 8, {@code rpm} "auto" or a number), {@code solvers} ({@code URL@MODEL} or folders, two in
     * s1), {@code solverKeyEnv}, {@code solverMaxTokens} 4096, {@code solverConcurrency} 8, {@code size} 1000 and
     * {@code seed} 0.
     */
    public record Curation(List<Path> pools, Map<String, Path> decontaminate, String provider, String teacherUrl,
                           String teacherModel, String teacherKeyEnv, int teacherMaxTokens, int teacherConcurrency,
                           double teacherRpm, List<String> solvers, String solverKeyEnv, int solverMaxTokens,
                           int solverConcurrency, int size, long seed) {
    }

    private static final List<String> TOP = List.of("description", "student", "curation", "training", "trainingOverrides",
            "policy", "evaluation", "seed", "hardware");
    private static final List<String> CURATION = List.of("pools", "decontaminate", "teacher", "solvers", "solverKeyEnv",
            "solverMaxTokens", "solverConcurrency", "size", "seed");
    private static final List<String> TEACHER = List.of("provider", "url", "model", "keyEnv", "maxTokens", "concurrency", "rpm");
    private static final List<String> EVALUATION = List.of("maxTokens", "openThinking", "sets");

    /** Reads and validates {@code file}; errors name the file and the key. */
    public static AblationConfig read(Path file) {
        JsonNode root;
        try {
            root = JsonFile.object(file, 1L << 20, "an ablation config (JSON)");
        } catch (JsonFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return of(root, file.toString());
    }

    /** Validates a parsed config; {@code where} names it in errors. */
    public static AblationConfig of(JsonNode root, String where) {
        Keys top = new Keys(root, where, "", TOP);
        Path student = Path.of(top.text("student", null));
        Keys cur = top.object("curation");
        Keys teacher = cur.object("teacher");
        String provider = teacher.text("provider", null);
        if (!CurationClients.PROVIDERS.contains(provider)) {
            throw teacher.error("provider", "must be one of " + String.join(", ", CurationClients.PROVIDERS) + ", got '" + provider + "'");
        }
        String url = teacher.text("url", null);
        JsonNode rpmNode = teacher.node.get("rpm");
        double rpm = TeacherRun.AUTO_RPM;
        if (rpmNode != null && !(rpmNode.isTextual() && rpmNode.asText().equals("auto"))) {
            if (!rpmNode.isNumber() || rpmNode.asDouble() < 0) throw teacher.error("rpm", "must be \"auto\" or a number >= 0");
            rpm = rpmNode.asDouble();
        }
        List<String> solvers = cur.texts("solvers");
        if (solvers.isEmpty()) throw cur.error("solvers", "needs at least one solver (URL@MODEL or a model folder; s1 uses two)");
        Map<String, Path> decontaminate = new LinkedHashMap<>();
        cur.optionalObject("decontaminate").forEach((k, v) -> decontaminate.put(k, Path.of(v)));
        Curation curation = new Curation(cur.texts("pools").stream().map(Path::of).toList(), decontaminate, provider,
                url, teacher.text("model", null), teacher.text("keyEnv", ""),
                teacher.integer("maxTokens", 16384), teacher.integer("concurrency", 8), rpm, solvers, cur.text("solverKeyEnv", ""),
                cur.integer("solverMaxTokens", 4096), cur.integer("solverConcurrency", 8), cur.integer("size", 1000),
                cur.integer("seed", 0));
        if (curation.pools().isEmpty()) throw cur.error("pools", "needs at least one pool manifest");

        JsonNode trainingNode = root.get("training");
        if (trainingNode == null || !trainingNode.isObject()) throw top.error("training", "must be an object of training config keys");
        String training = trainingNode.toString();
        try {
            TrainingConfig.parse(training, where + ": training");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        JsonNode o = root.get("trainingOverrides");
        if (o != null) {
            if (!o.isObject()) throw top.error("trainingOverrides", "must be an object: variant name -> training keys");
            List<String> names = Table2Variant.all().stream().map(Table2Variant::name).toList();
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) o::fields) {
                if (!names.contains(e.getKey())) {
                    throw top.error("trainingOverrides." + e.getKey(), "no such variant" + Names.didYouMean(e.getKey(), names)
                            + "; the variants are " + Table2Variant.names());
                }
                if (!e.getValue().isObject()) throw top.error("trainingOverrides." + e.getKey(), "must be an object of training keys");
                ObjectNode merged = ((ObjectNode) trainingNode).deepCopy();
                merged.setAll((ObjectNode) e.getValue());
                TrainingConfig.parse(merged.toString(), where + ": trainingOverrides." + e.getKey());
                overrides.put(e.getKey(), e.getValue().toString());
            }
        }
        String policy = top.text("policy", TestTimePolicy.GII);
        try {
            TestTimePolicy.named(policy);
        } catch (IllegalArgumentException e) {
            throw top.error("policy", e.getMessage());
        }
        Keys eval = top.object("evaluation");
        int maxTokens = eval.integer("maxTokens", 8192);
        if (maxTokens < 16) throw eval.error("maxTokens", "must be >= 16");
        boolean open = eval.bool("openThinking", true);
        Keys setsNode = eval.object("sets");
        Map<String, SetSpec> sets = new LinkedHashMap<>();
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) setsNode.node::fields) {
            Keys s = new Keys(e.getValue(), where, setsNode.path + e.getKey() + ".", List.of("benchmark", "data"));
            String benchmark = s.text("benchmark", null);
            if (!Benchmarks.names().contains(benchmark)) {
                throw s.error("benchmark", "must be one of " + String.join(", ", Benchmarks.names()) + ", got '" + benchmark + "'");
            }
            sets.put(e.getKey(), new SetSpec(benchmark, Path.of(s.text("data", null))));
        }
        if (sets.isEmpty()) throw eval.error("sets", "needs at least one test set");
        return new AblationConfig(where, student, curation, training, overrides, policy, maxTokens, open, sets, top.integer("seed", 0));
    }

    /**
     * Checks that the files named exist, curates into {@code out/curation} (journaled: teacher replies and solver
     * verdicts are never asked twice) unless the selection and the comparison sets {@code needed} are there, and
     * returns the study's setup.
     */
    public AblationSetup setup(Path out, Set<Ablation> needed, Progress progress) {
        exists(student, "student", true);
        curation.pools().forEach(p -> exists(p, "curation.pools", false));
        curation.decontaminate().forEach((k, p) -> exists(p, "curation.decontaminate." + k, false));
        sets.forEach((k, s) -> exists(s.data(), "evaluation.sets." + k + ".data", Files.isDirectory(s.data())));
        Map<String, AblationSetup.EvalSet> tests = new LinkedHashMap<>();
        sets.forEach((k, s) -> tests.put(k, new AblationSetup.EvalSet(Benchmarks.load(s.benchmark(), s.data()), s.data())));
        Path dir = out.toAbsolutePath().normalize().resolve("curation");
        Set<Ablation> ablations = EnumSet.of(Ablation.RANDOM);
        ablations.addAll(needed);
        for (Ablation a : Ablation.values()) if (Files.exists(dir.resolve(a.file()))) ablations.add(a);
        curate(dir, ablations, progress);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("config", where);
        return new AblationSetup(student, dir, tests, training, overrides, policy, new Stages.EvalSettings(maxTokens, openThinking),
                seed, AblationSetup.DataPrep.AS_IS, inputs);
    }

    private void curate(Path dir, Set<Ablation> ablations, Progress progress) {
        progress.stage("curate", curation.provider() + " teacher, " + curation.solvers().size() + " solvers, selection of " + curation.size());
        if (Files.exists(dir.resolve(CurationStage.SELECTION.file)) && ablations.stream().allMatch(a -> Files.exists(dir.resolve(a.file())))) {
            return;
        }
        List<Model> loaded = new ArrayList<>();
        try {
            List<Benchmark> tests = new ArrayList<>();
            curation.decontaminate().forEach((k, p) -> tests.add(Benchmarks.load(k, p)));
            String solverKey = curation.solverKeyEnv().isEmpty() ? null : curation.solverKeyEnv();
            List<LanguageModel> solverModels = new ArrayList<>();
            for (String s : curation.solvers()) solverModels.add(CurationClients.solver(s, solverKey, loaded));
            TeacherClient teacher = CurationClients.teacher(curation.provider(), curation.teacherUrl(), curation.teacherModel(),
                    curation.teacherKeyEnv().isEmpty() ? null : curation.teacherKeyEnv(), curation.teacherMaxTokens(), loaded);
            TeacherRun.Options options = new TeacherRun.Options(curation.teacherConcurrency(), curation.teacherRpm(), 1,
                    RetryPolicy.defaults(), curation.seed(), false);
            CurationInputs in = CurationInputs.builder().pools(curation.pools().toArray(Path[]::new))
                    .decontaminate(tests.toArray(Benchmark[]::new)).teacher(teacher).teacherOptions(options)
                    .difficulty(DifficultyFilter.of(solverModels).withMaxTokens(curation.solverMaxTokens())
                            .withConcurrency(curation.solverConcurrency()))
                    .size(curation.size()).seed(curation.seed()).ablations(ablations.toArray(Ablation[]::new)).build();
            CurationResult r = CurationPipeline.run(in, dir, CurationStage.POOL, (stage, done, total) -> progress.progress(stage.id(), done, total, ""));
            r.notes().forEach(n -> progress.stage("curate", "note: " + n));
        } finally {
            loaded.forEach(Model::close);
        }
    }

    private void exists(Path p, String key, boolean folder) {
        if (folder ? !Files.isDirectory(p) : !Files.exists(p)) {
            throw new IllegalArgumentException(where + ": key '" + key + "': no " + (folder ? "folder" : "file") + " at " + p.toAbsolutePath());
        }
    }

    /** One JSON object's keys: unknown keys refused, each read with its type checked, errors naming the dotted key. */
    private static final class Keys {
        final JsonNode node;
        final String where, path;

        Keys(JsonNode node, String where, String path, List<String> allowed) {
            this.where = where;
            this.path = path;
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(where + ": " + (path.isEmpty() ? "the config" : "key '" + path.substring(0, path.length() - 1) + "'")
                        + " must be a JSON object");
            }
            this.node = node;
            for (var it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) throw error(k, "unknown" + Names.didYouMean(k, allowed) + "; the keys here are " + String.join(", ", allowed));
            }
        }

        IllegalArgumentException error(String key, String message) {
            return new IllegalArgumentException(where + ": key '" + path + key + "': " + message);
        }

        Keys object(String key) {
            if (node.get(key) == null) throw error(key, "missing");
            List<String> allowed = switch (path + key) {
                case "curation" -> CURATION;
                case "curation.teacher" -> TEACHER;
                case "evaluation" -> EVALUATION;
                default -> null;
            };
            if (allowed == null) {
                if (!node.get(key).isObject()) throw error(key, "must be a JSON object");
                List<String> any = new ArrayList<>();
                node.get(key).fieldNames().forEachRemaining(any::add);
                allowed = any;
            }
            return new Keys(node.get(key), where, path + key + ".", allowed);
        }

        Map<String, String> optionalObject(String key) {
            Map<String, String> out = new LinkedHashMap<>();
            JsonNode n = node.get(key);
            if (n == null) return out;
            if (!n.isObject()) throw error(key, "must be a JSON object of name -> file");
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
                if (!e.getValue().isTextual()) throw error(key + "." + e.getKey(), "must be a string (a file)");
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }

        String text(String key, String dflt) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                if (dflt == null) throw error(key, "missing");
                return dflt;
            }
            if (!n.isTextual()) throw error(key, "must be a string");
            return n.asText();
        }

        List<String> texts(String key) {
            JsonNode n = node.get(key);
            if (n == null) throw error(key, "missing");
            if (!n.isArray()) throw error(key, "must be a list of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode x : n) {
                if (!x.isTextual()) throw error(key, "must be a list of strings");
                out.add(x.asText());
            }
            return out;
        }

        int integer(String key, int dflt) {
            JsonNode n = node.get(key);
            if (n == null) return dflt;
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) throw error(key, "must be an integer >= 0");
            return n.asInt();
        }

        boolean bool(String key, boolean dflt) {
            JsonNode n = node.get(key);
            if (n == null) return dflt;
            if (!n.isBoolean()) throw error(key, "must be true or false");
            return n.asBoolean();
        }
    }
}
