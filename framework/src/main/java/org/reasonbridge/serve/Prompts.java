package org.reasonbridge.serve;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.tokenizer.ChatTemplateException;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizes a parsed request on its HTTP thread, before it is queued, and checks it against the context limit:
 * a prompt too long for the limit is refused in milliseconds, however busy the model is, and never reaches the
 * model. The Rust tokenizer and the chat template are safe to use from several threads (each render has its own
 * interpreter; the tokenizer is immutable after loading).
 */
final class Prompts {
    private final Model model;
    private final ContextLimit limit;

    Prompts(Model model, ContextLimit limit) {
        this.model = model;
        this.limit = limit;
    }

    /** The request with token ids for every prompt, and {@code max_tokens} fitted to the context when not given. */
    GenerationRequest prepare(GenerationRequest r) {
        Tokenizer tokenizer = model.tokenizer();
        List<String> texts = new ArrayList<>(r.prompts());
        List<int[]> ids = new ArrayList<>(r.promptIds());
        if (r.kind() == GenerationRequest.Kind.CHAT) {
            if (tokenizer.chatTemplate().isEmpty()) {
                throw ApiError.invalid("this model has no chat template; use /v1/completions", "messages");
            }
            String rendered;
            try {
                rendered = model.applyChatTemplate(r.messages(), true, r.templateVariables());
            } catch (ChatTemplateException e) {
                throw ApiError.invalid("the chat template refused the conversation: " + e.getMessage(), "messages");
            }
            ids = List.of(tokenizer.encode(rendered));
            texts = List.of(rendered);
        } else if (ids.isEmpty()) {
            for (String t : texts) ids.add(tokenizer.encode(t));
        } else {
            texts.clear();
            for (int i = 0; i < ids.size(); i++) texts.add(decode(tokenizer, ids.get(i), i));
        }
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).length == 0) throw ApiError.invalid("prompt " + i + " has no tokens", "prompt");
        }
        int longest = ids.stream().mapToInt(p -> p.length).max().orElse(0);
        int maxTokens = r.config().maxNewTokens();
        if (!r.maxTokensGiven() && longest + maxTokens > limit.maxModelLen() && longest < limit.maxModelLen()) {
            maxTokens = limit.maxModelLen() - longest; // a default shrinks to fit, as vLLM's does
        }
        if (longest + maxTokens > limit.maxModelLen()) throw tooLong(r, longest, maxTokens);
        long batch = (long) r.rows() * (longest + maxTokens);
        if (batch > limit.tokenBudget()) {
            throw new ApiError(400, "invalid_request_error", "This request needs " + batch + " tokens of memory ("
                    + r.rows() + " choices of up to " + longest + " prompt and " + maxTokens + " completion tokens), "
                    + "more than the " + limit.tokenBudget() + " this server holds at once. Send fewer prompts or a "
                    + "smaller n per request.", r.kind() == GenerationRequest.Kind.CHAT ? "n" : "prompt", "context_length_exceeded");
        }
        return r.prepared(texts, ids, r.config().withMaxNewTokens(maxTokens));
    }

    /** OpenAI's (and vLLM's) words and code for a request longer than the context. */
    private ApiError tooLong(GenerationRequest r, int prompt, int maxTokens) {
        boolean chat = r.kind() == GenerationRequest.Kind.CHAT;
        String where = chat ? "messages" : "prompt";
        return new ApiError(400, "invalid_request_error", "This model's maximum context length is "
                + limit.maxModelLen() + " tokens. However, you requested " + (prompt + maxTokens) + " tokens ("
                + prompt + " in the " + where + ", " + maxTokens + " in the completion). Please reduce the length of the "
                + where + " or completion.", where, "context_length_exceeded");
    }

    private static String decode(Tokenizer tokenizer, int[] ids, int prompt) {
        try {
            return tokenizer.decode(ids);
        } catch (RuntimeException e) {
            // ids past the tokenizer's vocabulary (an embedding padded beyond it) have no text
            throw ApiError.invalid("prompt " + prompt + " has token ids the tokenizer cannot decode: " + e.getMessage(), "prompt");
        }
    }
}
