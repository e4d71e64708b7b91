package org.reasonbridge.serve;

import org.reasonbridge.model.generate.GenerationConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One validated request for the model: a chat conversation (rendered through the chat template) or raw prompts
 * (text or token ids), with the generation settings. A {@code Function<GenerationRequest, DecodeHook>} given to the
 * server sees it, so an intervention policy can choose per request.
 *
 * @param kind              chat or completion
 * @param model             the model the request names, null when it names none
 * @param messages          the conversation (chat only, else empty); each {@code {role, content}}
 * @param templateVariables extra chat template variables ({@code chat_template_kwargs}, e.g. enable_thinking)
 * @param prompts           the prompts' text (a completion's; a chat's once prepared: the rendered template); for token-id prompts, their decoded
 *                          text once prepared
 * @param promptIds         the prompts' token ids: as sent for token-id prompts, else filled when prepared (the
 *                          rendered conversation for chat); empty before
 * @param config            length, sampling, stop strings and logit bias
 * @param maxTokensGiven    whether the request named {@code max_tokens}; if not, it shrinks to fit the context
 * @param n                 choices per prompt
 * @param logprobs          alternatives reported per token (0 = the chosen token's only), null = no log-probabilities
 * @param stream            answer as server-sent events
 * @param includeUsage      with {@code stream}: send a last chunk with {@code usage} ({@code stream_options})
 * @param echo              completions: prepend the prompt to the text (and its tokens to the log-probabilities)
 */
public record GenerationRequest(Kind kind, String model, List<Map<String, Object>> messages,
                                Map<String, Object> templateVariables, List<String> prompts, List<int[]> promptIds,
                                GenerationConfig config, boolean maxTokensGiven, int n, Integer logprobs,
                                boolean stream, boolean includeUsage, boolean echo) {
    /** The endpoint a request came to. */
    public enum Kind { CHAT, COMPLETION }

    public GenerationRequest {
        messages = List.copyOf(messages);
        templateVariables = Map.copyOf(templateVariables);
        prompts = List.copyOf(prompts);
        promptIds = List.copyOf(promptIds.stream().map(int[]::clone).toList());
        if (kind == Kind.CHAT && messages.isEmpty()) throw new IllegalArgumentException("a chat request needs messages");
        if (kind == Kind.COMPLETION && prompts.isEmpty() && promptIds.isEmpty()) {
            throw new IllegalArgumentException("a completion needs prompts");
        }
        if (kind == Kind.COMPLETION && !prompts.isEmpty() && !promptIds.isEmpty() && prompts.size() != promptIds.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompt texts for " + promptIds.size() + " token lists");
        }
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        if (logprobs != null && logprobs < 0) throw new IllegalArgumentException("logprobs must be >= 0, got " + logprobs);
    }

    /** A request of text prompts or a conversation with one choice each and no log-probabilities. */
    public GenerationRequest(Kind kind, List<Map<String, Object>> messages, Map<String, Object> templateVariables,
                             List<String> prompts, GenerationConfig config, boolean stream, boolean includeUsage,
                             boolean echo) {
        this(kind, null, messages, templateVariables, prompts, List.of(), config, true, 1, null, stream, includeUsage, echo);
    }

    @Override
    public List<int[]> promptIds() {
        return promptIds.stream().map(int[]::clone).toList();
    }

    /** Distinct prompts: one for chat. */
    public int promptCount() {
        return kind == Kind.CHAT ? 1 : Math.max(prompts.size(), promptIds.size());
    }

    /** Rows of the generation: {@code n} per prompt, the choices of prompt i being rows i*n .. i*n+n-1. */
    public int rows() {
        return promptCount() * n;
    }

    /**
     * What each row is about, for a test-time policy: the last user message of a chat, or the row's completion
     * prompt (its decoded text for token ids, once prepared).
     */
    public List<String> problems() {
        List<String> one = new ArrayList<>();
        if (kind == Kind.COMPLETION) {
            for (int i = 0; i < promptCount(); i++) one.add(i < prompts.size() ? prompts.get(i) : "");
        } else {
            one.add(lastUserMessage());
        }
        List<String> out = new ArrayList<>();
        for (String p : one) out.addAll(Collections.nCopies(n, p));
        return out;
    }

    private String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Map<String, Object> m = messages.get(i);
            if ("user".equals(m.get("role"))) return String.valueOf(m.get("content"));
        }
        return "";
    }

    /** This request with its prompts' text and token ids (a conversation's: the rendered template, tokenized). */
    GenerationRequest prepared(List<String> texts, List<int[]> ids, GenerationConfig settled) {
        return new GenerationRequest(kind, model, messages, templateVariables, texts, ids, settled, maxTokensGiven, n, logprobs, stream, includeUsage, echo);
    }
}
