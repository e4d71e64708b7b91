package org.reasonbridge.serve;

import org.reasonbridge.model.generate.GenerationConfig;

import java.util.List;
import java.util.Map;

/**
 * One validated request for the model: a chat conversation (rendered through the chat template) or raw prompts,
 * with the generation settings. A {@code Function<GenerationRequest, DecodeHook>} given to the server sees it, so
 * an intervention policy can choose per request.
 *
 * @param kind              chat or completion
 * @param messages          the conversation (chat only, else empty); each {@code {role, content}}
 * @param templateVariables extra chat template variables ({@code chat_template_kwargs}, e.g. enable_thinking)
 * @param prompts           the raw prompts (completion only, else empty); one choice each
 * @param config            length, sampling and stop strings
 * @param stream            answer as server-sent events
 * @param includeUsage      with {@code stream}: send a last chunk with {@code usage} ({@code stream_options})
 * @param echo              completions: prepend the prompt to the text
 */
public record GenerationRequest(Kind kind, List<Map<String, Object>> messages, Map<String, Object> templateVariables,
                                List<String> prompts, GenerationConfig config, boolean stream, boolean includeUsage,
                                boolean echo) {
    /** The endpoint a request came to. */
    public enum Kind { CHAT, COMPLETION }

    public GenerationRequest {
        messages = List.copyOf(messages);
        templateVariables = Map.copyOf(templateVariables);
        prompts = List.copyOf(prompts);
        if (kind == Kind.CHAT && messages.isEmpty()) throw new IllegalArgumentException("a chat request needs messages");
        if (kind == Kind.COMPLETION && prompts.isEmpty()) throw new IllegalArgumentException("a completion needs prompts");
    }

    /** What each row is about, for a test-time policy: the last user message of a chat, or each completion prompt. */
    public List<String> problems() {
        if (kind == Kind.COMPLETION) return prompts;
        for (int i = messages.size() - 1; i >= 0; i--) {
            Map<String, Object> m = messages.get(i);
            if ("user".equals(m.get("role"))) return List.of(String.valueOf(m.get("content")));
        }
        return List.of("");
    }

    /** Rows of the generation: one for chat, one per prompt for completions. */
    public int rows() {
        return kind == Kind.CHAT ? 1 : prompts.size();
    }
}
