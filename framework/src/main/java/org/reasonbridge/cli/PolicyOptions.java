package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.reasonbridge.data.DataFileException;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.inference.InterventionConfig;
import org.reasonbridge.inference.ReasoningState;
import org.reasonbridge.inference.RedirectConfig;
import org.reasonbridge.inference.TestTimePolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every knob of a test-time policy ({@link InterventionConfig}) as flags, or a policy config file (the
 * {@code policy_config} object results.json records) that the flags override; shared by {@code eval},
 * {@code sweep} and {@code serve}.
 */
final class PolicyOptions {
    static final List<String> FILE_KEYS = List.of("name", "max_interventions", "thinking_budget", "interventions",
            "extensions", "redirections", "verifications", "redirect");

    @Option(names = "--policy-config", paramLabel = "FILE",
            description = "JSON with any of: max_interventions, thinking_budget, interventions (states), extensions, "
                    + "redirections, verifications (phrase lists), redirect (an object: max_redirects, min_gap_tokens, "
                    + "loop_repeats, loop_min_chars, loop_max_words, failed_checks, stall_tokens, round_tokens, phrases); "
                    + "the flags below override it.")
    Path file;
    @Option(names = "--max-interventions", paramLabel = "K", description = "Interventions per generation at most (K). Policy default: 3 (gii), 2 (budget-forcing).")
    Integer maxInterventions;
    @Option(names = "--thinking-budget", paramLabel = "N",
            description = "Thinking tokens at most, then the answer is forced. Default: --max-tokens minus --answer-tokens.")
    Integer thinkingBudget;
    @Option(names = "--intervene-on", split = ",", paramLabel = "STATES",
            description = "States that get an intervention: partial, uncertain, unverified (default all three for gii).")
    List<String> states;
    @Option(names = "--extension", paramLabel = "PHRASE", description = "A phrase for PARTIAL (repeatable; default \"Wait\", \"Let me think further\").")
    List<String> extensions;
    @Option(names = "--redirection", paramLabel = "PHRASE", description = "A phrase for UNCERTAIN (repeatable).")
    List<String> redirections;
    @Option(names = "--verification", paramLabel = "PHRASE", description = "A phrase for UNVERIFIED (repeatable).")
    List<String> verifications;
    @Option(names = "--max-redirects", paramLabel = "N",
            description = "Redirects during generation on an unproductive path (loop, recurring failed checks, stall) at "
                    + "most; 0 = off. Default: 2 (gii), 0 (budget-forcing).")
    Integer maxRedirects;
    @Option(names = "--redirect-phrase", paramLabel = "PHRASE",
            description = "A phrase spliced in on a redirect (repeatable; default \"Wait, this is going in circles. Let me try "
                    + "a different approach.\").")
    List<String> redirectPhrases;

    /** Whether any knob was given. */
    boolean any() {
        return file != null || maxInterventions != null || thinkingBudget != null || states != null
                || extensions != null || redirections != null || verifications != null || maxRedirects != null
                || redirectPhrases != null;
    }

    /** The thinking budget the file or the flag set, or null (the caller derives it). */
    Integer explicitBudget() {
        if (thinkingBudget != null) return thinkingBudget;
        JsonNode f = fileJson();
        return f != null && f.has("thinking_budget") ? f.get("thinking_budget").asInt() : null;
    }

    /** Whether K was set by the file or a flag. */
    boolean explicitK() {
        JsonNode f = fileJson();
        return maxInterventions != null || (f != null && f.has("max_interventions"));
    }

    /** The policy {@code name} with its defaults, then the file's knobs, then the flags'. */
    TestTimePolicy policy(String name) {
        TestTimePolicy p = TestTimePolicy.named(name);
        InterventionConfig c = p.config();
        JsonNode f = fileJson();
        if (f != null) {
            if (f.has("name") && !f.get("name").asText().equals(name)) {
                throw new DataFileException(file, 1, "policy '" + f.get("name").asText() + "' in the file, but --policy " + name);
            }
            try {
                if (f.has("max_interventions")) c = c.withMaxInterventions(intField(f, "max_interventions"));
                if (f.has("thinking_budget")) c = c.withThinkingBudget(intField(f, "thinking_budget"));
                if (f.has("interventions")) c = c.withInterventions(states(strings(f, "interventions")));
                c = c.withPhrases(f.has("extensions") ? strings(f, "extensions") : c.extensions(),
                        f.has("redirections") ? strings(f, "redirections") : c.redirections(),
                        f.has("verifications") ? strings(f, "verifications") : c.verifications());
                if (f.has("redirect")) {
                    if (!f.get("redirect").isObject()) throw new IllegalArgumentException("'redirect' must be an object");
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> r = JsonLines.JSON.convertValue(f.get("redirect"), java.util.Map.class);
                    c = c.withRedirect(RedirectConfig.fromJson(r, c.redirect()));
                }
            } catch (IllegalArgumentException e) {
                throw new DataFileException(file, 1, e.getMessage());
            }
        }
        if (maxInterventions != null) c = c.withMaxInterventions(maxInterventions);
        if (thinkingBudget != null) c = c.withThinkingBudget(thinkingBudget);
        if (states != null) c = c.withInterventions(states(states));
        c = c.withPhrases(extensions != null ? extensions : c.extensions(), redirections != null ? redirections : c.redirections(),
                verifications != null ? verifications : c.verifications());
        if (maxRedirects != null) c = c.withRedirect(c.redirect().withMaxRedirects(maxRedirects));
        if (redirectPhrases != null) c = c.withRedirect(c.redirect().withPhrases(redirectPhrases));
        return p.withConfig(c);
    }

    private JsonNode fileJson() {
        if (file == null) return null;
        JsonNode n;
        try {
            n = JsonLines.JSON.readTree(JsonLines.text(file));
        } catch (IOException e) {
            throw new DataFileException(file, 0, "not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) throw new DataFileException(file, 1, "a policy config is a JSON object");
        List<String> unknown = new ArrayList<>();
        n.fieldNames().forEachRemaining(k -> {
            if (!FILE_KEYS.contains(k)) unknown.add(k);
        });
        if (!unknown.isEmpty()) throw new DataFileException(file, 1, "unknown field(s) " + unknown + "; known: " + FILE_KEYS);
        return n;
    }

    private int intField(JsonNode f, String key) {
        if (!f.get(key).canConvertToInt()) throw new IllegalArgumentException("'" + key + "' must be an integer");
        return f.get(key).asInt();
    }

    private static List<String> strings(JsonNode f, String key) {
        if (!f.get(key).isArray()) throw new IllegalArgumentException("'" + key + "' must be a list of strings");
        List<String> out = new ArrayList<>();
        f.get(key).forEach(e -> out.add(e.asText()));
        return out;
    }

    static Set<ReasoningState> states(List<String> names) {
        Set<ReasoningState> s = EnumSet.noneOf(ReasoningState.class);
        for (String n : names) {
            try {
                s.add(ReasoningState.valueOf(n.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown state '" + n + "' (partial, uncertain, unverified)");
            }
        }
        return s;
    }
}
