package org.reasonbridge.experiment;

import org.reasonbridge.curation.Ablation;
import org.reasonbridge.inference.TestTimePolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One row of the paper's Table 2: the full method with one part changed. A variant trains on the curated set or one
 * of curation's comparison sets ({@link Ablation}), with the full method's training config changed by
 * {@code training} (JSON keys of {@link org.reasonbridge.training.TrainingConfig}), and is evaluated under the full
 * method's test-time policy unless it names its own.
 *
 * @param name        the name on the command line and in the table ({@code full}, {@code no-quality}, ...)
 * @param description what is changed, in the paper's words
 * @param data        the comparison set trained on, or null for the curated set
 * @param training    training keys that differ from the full method's, as a JSON object ("" for none)
 * @param policy      the test-time policy, or null for the full method's
 * @param reusesFull  whether the variant evaluates the full method's trained student (only the policy differs)
 */
public record Table2Variant(String name, String description, Ablation data, String training, String policy, boolean reusesFull) {
    /** The reference row: every other variant is compared with it. */
    public static final String FULL = "full";

    /** Every variant, in the paper's order. */
    public static List<Table2Variant> all() {
        return List.of(
                new Table2Variant(FULL, "full ReasonBridge (reference)", null, "", null, false),
                new Table2Variant("no-quality", "without the quality filter", Ablation.NO_QUALITY, "", null, false),
                new Table2Variant("no-difficulty", "without the difficulty filter", Ablation.NO_DIFFICULTY, "", null, false),
                new Table2Variant("no-diversity", "without diversity (domain-balanced) sampling", Ablation.NO_DIVERSITY, "", null, false),
                new Table2Variant("random", "random N traced problems instead of the curated N", Ablation.RANDOM, "", null, false),
                new Table2Variant("full-pool", "every traced problem (the full pool, not sampled down)", Ablation.FULL, "", null, false),
                new Table2Variant("no-strategic", "without the strategic adapters", null, "{\"dropLevels\": [\"strategic\"]}", null, false),
                new Table2Variant("no-tactical", "without the tactical adapters", null, "{\"dropLevels\": [\"tactical\"]}", null, false),
                new Table2Variant("no-operational", "without the operational adapters", null, "{\"dropLevels\": [\"operational\"]}", null, false),
                new Table2Variant("lora", "LoRA instead of bottleneck adapters", null, "{\"method\": \"lora\"}", null, false),
                new Table2Variant("full-finetune", "full fine-tuning instead of adapters", null, "{\"method\": \"full\"}", null, false),
                new Table2Variant("sft", "plain SFT loss instead of the hierarchical loss", null, "{\"loss\": \"sft\"}", null, false),
                new Table2Variant("budget-forcing", "budget forcing instead of guided intervention", null, "",
                        TestTimePolicy.BUDGET_FORCING, true));
    }

    /** The names of {@link #all()}, comma-separated (for messages and help). */
    public static String names() {
        return String.join(", ", all().stream().map(Table2Variant::name).toList());
    }

    /**
     * The variants named in {@code list} (comma-separated, blanks ignored), in the paper's order, the reference row
     * always first (every delta is against it); all of them when {@code list} is null or blank.
     *
     * @throws IllegalArgumentException naming an unknown variant and listing the valid ones
     */
    public static List<Table2Variant> named(String list) {
        if (list == null || list.isBlank()) return all();
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : list.split(",")) {
            String name = n.strip();
            if (name.isEmpty()) continue;
            if (all().stream().noneMatch(v -> v.name().equals(name))) {
                throw new IllegalArgumentException("--variants: no variant '" + name + "'"
                        + org.reasonbridge.model.input.Names.didYouMean(name, all().stream().map(Table2Variant::name).toList())
                        + "; the variants are " + names());
            }
            wanted.add(name);
        }
        wanted.add(FULL);
        List<Table2Variant> out = new ArrayList<>();
        for (Table2Variant v : all()) if (wanted.contains(v.name())) out.add(v);
        return out;
    }

    /** The comparison sets these variants train on. */
    public static Set<Ablation> dataNeeded(List<Table2Variant> variants) {
        Set<Ablation> out = new LinkedHashSet<>();
        for (Table2Variant v : variants) if (v.data() != null) out.add(v.data());
        return out;
    }
}
