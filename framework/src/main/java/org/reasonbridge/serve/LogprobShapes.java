package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.model.generate.FinishReason;
import org.reasonbridge.model.generate.Generation;

/**
 * OpenAI's two shapes of log-probabilities. Completions (what lm-evaluation-harness parses):
 * {@code {tokens, token_logprobs, top_logprobs, text_offset}}, parallel arrays over the choice's tokens, with
 * {@code echo} the prompt's first (whose first token has {@code null}s), {@code top_logprobs} a dict of token to
 * log-probability holding the best {@code logprobs} tokens and the chosen one. Chat:
 * {@code {content: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}], refusal}}.
 */
final class LogprobShapes {
    private final ObjectMapper json;
    private final TokenStrings strings;

    LogprobShapes(ObjectMapper json, TokenStrings strings) {
        this.json = json;
        this.strings = strings;
    }

    /**
     * The completions shape for one choice.
     *
     * @param promptText the prompt's text as echoed (with {@code echo}), else ignored
     */
    ObjectNode completion(Job.Choice c, boolean echo, String promptText) {
        Generation g = c.generation();
        int[] prompt = g.promptIds(), generated = g.generatedIds();
        int kept = keptTokens(g);
        ObjectNode lp = json.createObjectNode();
        ArrayNode tokens = lp.putArray("tokens"), logprobs = lp.putArray("token_logprobs"),
                tops = lp.putArray("top_logprobs"), offsets = lp.putArray("text_offset");
        TokenScorer.Scores s = c.scores();
        int base = 0;
        if (echo) {
            int[] at = strings.offsets(prompt);
            for (int p = 0; p < prompt.length; p++) {
                tokens.add(strings.text(prompt[p]));
                offsets.add(at[p]);
                add(logprobs, tops, s, p, prompt[p]);
            }
            base = promptText.length();
        }
        int[] at = strings.offsets(generated);
        for (int i = 0; i < kept; i++) {
            tokens.add(strings.text(generated[i]));
            offsets.add(base + at[i]);
            add(logprobs, tops, s, prompt.length + i, generated[i]);
        }
        return lp;
    }

    /** The chat shape for one choice: its generated tokens, each with {@code top} alternatives. */
    ObjectNode chat(Job.Choice c, int top) {
        Generation g = c.generation();
        int[] prompt = g.promptIds(), generated = g.generatedIds();
        TokenScorer.Scores s = c.scores();
        ObjectNode lp = json.createObjectNode();
        ArrayNode content = lp.putArray("content");
        for (int i = 0; i < keptTokens(g); i++) {
            int slot = prompt.length + i - s.from();
            ObjectNode t = token(content.addObject(), generated[i], s.logprob()[slot]);
            ArrayNode alternatives = t.putArray("top_logprobs");
            for (int k = 0; k < Math.min(top, s.topIds()[slot].length); k++) {
                token(alternatives.addObject(), s.topIds()[slot][k], s.topLogprobs()[slot][k]);
            }
        }
        lp.putNull("refusal");
        return lp;
    }

    private ObjectNode token(ObjectNode o, int id, double logprob) {
        o.put("token", strings.text(id));
        o.put("logprob", logprob);
        byte[] b = strings.bytes(id);
        if (b == null) {
            o.putNull("bytes");
        } else {
            ArrayNode bytes = o.putArray("bytes");
            for (byte x : b) bytes.add(x & 0xFF);
        }
        return o;
    }

    /** One position of the completions shape; positions before the scored span (the first token) get nulls. */
    private void add(ArrayNode logprobs, ArrayNode tops, TokenScorer.Scores s, int position, int id) {
        int slot = position - s.from();
        if (slot < 0) {
            logprobs.addNull();
            tops.addNull();
            return;
        }
        logprobs.add(s.logprob()[slot]);
        ObjectNode top = tops.addObject();
        for (int k = 0; k < s.topIds()[slot].length; k++) put(top, strings.text(s.topIds()[slot][k]), s.topLogprobs()[slot][k]);
        put(top, strings.text(id), s.logprob()[slot]); // OpenAI: the chosen token is always listed
    }

    /** Two ids can show as the same text: keep the larger value, so the best token's entry stays the maximum. */
    private static void put(ObjectNode top, String key, double logprob) {
        if (!top.has(key) || top.get(key).asDouble() < logprob) top.put(key, logprob);
    }

    /** Generated tokens that belong to the returned text: a stop string cuts the text, and the tokens after the cut. */
    private int keptTokens(Generation g) {
        int[] generated = g.generatedIds();
        if (g.finishReason() != FinishReason.STOP_STRING) return generated.length;
        int[] at = strings.offsets(generated);
        int kept = 0;
        while (kept < generated.length && at[kept] < g.text().length()) kept++;
        return kept;
    }
}
