package org.reasonbridge.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.reasonbridge.jinja.Template;
import org.reasonbridge.jinja.TemplateFunction;

/**
 * A Hugging Face chat template: renders a conversation into the prompt text exactly as
 * {@code tokenizer.apply_chat_template(messages, tokenize=False, ...)} does, with the same variables
 * ({@code messages}, {@code add_generation_prompt}, {@code tools}, {@code bos_token}, {@code eos_token}, ...) and
 * functions ({@code raise_exception}, {@code strftime_now}).
 */
public final class ChatTemplate {

    /** The name transformers picks when {@code chat_template} is a list of named templates. */
    public static final String DEFAULT_NAME = "default";

    private final Template template;
    private final Map<String, String> variants;
    private final SpecialTokens specialTokens;
    private final Clock clock;

    private ChatTemplate(Template template, Map<String, String> variants, SpecialTokens specialTokens, Clock clock) {
        this.template = template;
        this.variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        this.specialTokens = specialTokens;
        this.clock = clock;
    }

    /** Parses template source; no special tokens are bound (see {@link #withSpecialTokens}). */
    public static ChatTemplate parse(String source) {
        return new ChatTemplate(Template.parse(source), Map.of(), SpecialTokens.NONE, Clock.systemDefaultZone());
    }

    /**
     * The {@code chat_template} of a parsed {@code tokenizer_config.json}, bound to its BOS/EOS tokens. A list of
     * {@code {"name", "template"}} entries yields the one named {@code default} (else the first); the others
     * stay reachable through {@link #variant}.
     */
    public static Optional<ChatTemplate> fromTokenizerConfig(JsonNode config) {
        JsonNode node = config.path("chat_template");
        SpecialTokens specials = SpecialTokens.fromTokenizerConfig(config);
        if (node.isTextual()) {
            return Optional.of(parse(node.asText()).withSpecialTokens(specials));
        }
        if (!node.isMissingNode() && !node.isNull() && !node.isArray()) {
            throw new IllegalArgumentException("'chat_template' must be a string (the template) or a list of "
                    + "{\"name\", \"template\"}, got " + node.getNodeType().name().toLowerCase());
        }
        if (!node.isArray() || node.isEmpty()) return Optional.empty();
        Map<String, String> variants = new LinkedHashMap<>();
        for (JsonNode entry : node) {
            if (!entry.path("name").isTextual() || !entry.path("template").isTextual()) {
                throw new IllegalArgumentException("chat_template list entries need \"name\" and \"template\" strings");
            }
            variants.put(entry.get("name").asText(), entry.get("template").asText());
        }
        String chosen = variants.containsKey(DEFAULT_NAME) ? DEFAULT_NAME : variants.keySet().iterator().next();
        return Optional.of(new ChatTemplate(Template.parse(variants.get(chosen)), variants, specials,
                Clock.systemDefaultZone()));
    }

    /** Reads a {@code tokenizer_config.json} file; the exception names the file when it is missing or malformed. */
    public static Optional<ChatTemplate> fromTokenizerConfig(Path tokenizerConfigJson) {
        JsonNode config = Tokenizer.readJson(tokenizerConfigJson);
        try {
            return fromTokenizerConfig(config);
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().contains(tokenizerConfigJson.toString())) throw e;
            throw new IllegalArgumentException(tokenizerConfigJson + ": " + e.getMessage(), e);
        }
    }

    /** The same template with these special tokens as {@code bos_token}, {@code eos_token}, ... */
    public ChatTemplate withSpecialTokens(SpecialTokens tokens) {
        return new ChatTemplate(template, variants, tokens, clock);
    }

    /** The same template with {@code strftime_now} reading this clock (for reproducible prompts and tests). */
    public ChatTemplate withClock(Clock newClock) {
        return new ChatTemplate(template, variants, specialTokens, newClock);
    }

    /** Names of the templates when the config held a list; empty for a single template. */
    public Set<String> variantNames() {
        return variants.keySet();
    }

    /** One of the named templates of a list-form config, such as {@code tool_use} or {@code rag}. */
    public Optional<ChatTemplate> variant(String name) {
        String source = variants.get(name);
        return source == null ? Optional.empty()
                : Optional.of(new ChatTemplate(Template.parse(source), variants, specialTokens, clock));
    }

    public String source() {
        return template.source();
    }

    public SpecialTokens specialTokens() {
        return specialTokens;
    }

    /** Renders {@link ChatMessage}s, the common case. */
    public String renderMessages(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return renderMessages(messages, addGenerationPrompt, Map.of());
    }

    public String renderMessages(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> extraVariables) {
        return render(messages.stream().map(ChatMessage::toMap).toList(), addGenerationPrompt, extraVariables);
    }

    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders a conversation. {@code extraVariables} are the keyword arguments of {@code apply_chat_template}:
     * {@code tools} (a list of JSON-schema maps), {@code enable_thinking}, {@code documents}, ...
     *
     * @throws ChatTemplateException when the template calls {@code raise_exception}
     * @throws org.reasonbridge.jinja.TemplateException when the template fails otherwise
     */
    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt, Map<String, Object> extraVariables) {
        // transformers: render(messages=..., tools=None, documents=None, add_generation_prompt=..., **special_tokens, **kwargs)
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("tools", null);
        context.put("documents", null);
        context.put("add_generation_prompt", addGenerationPrompt);
        specialTokens.bos().ifPresent(t -> context.put("bos_token", t));
        specialTokens.eos().ifPresent(t -> context.put("eos_token", t));
        specialTokens.pad().ifPresent(t -> context.put("pad_token", t));
        specialTokens.unk().ifPresent(t -> context.put("unk_token", t));
        context.putAll(extraVariables);
        return template.render(context, functions());
    }

    private Map<String, TemplateFunction> functions() {
        return Map.of(
                "raise_exception", (args, kwargs) -> {
                    throw new ChatTemplateException(args.isEmpty() ? "raise_exception() called" : String.valueOf(args.get(0)));
                },
                "strftime_now", (args, kwargs) -> {
                    if (args.size() != 1 || !(args.get(0) instanceof String format)) {
                        throw new ChatTemplateException("strftime_now(format) takes one string");
                    }
                    return Strftime.format(ZonedDateTime.now(clock), format);
                });
    }
}
