package org.reasonbridge.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The special tokens named in {@code tokenizer_config.json}; each is absent when the file has none or {@code null}.
 *
 * @param bos beginning-of-sequence token, e.g. Llama's {@code <|begin_of_text|>}
 * @param eos end-of-sequence token, e.g. Qwen's {@code <|im_end|>}
 * @param pad padding token
 * @param unk unknown-word token
 */
public record SpecialTokens(Optional<String> bos, Optional<String> eos, Optional<String> pad, Optional<String> unk) {

    /** No special tokens at all. */
    public static final SpecialTokens NONE = new SpecialTokens(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public SpecialTokens {
        if (bos == null || eos == null || pad == null || unk == null) {
            throw new IllegalArgumentException("use Optional.empty(), not null");
        }
    }

    /** Reads {@code bos_token}, {@code eos_token}, {@code pad_token} and {@code unk_token}. */
    public static SpecialTokens fromTokenizerConfig(JsonNode config) {
        return new SpecialTokens(field(config, "bos_token"), field(config, "eos_token"),
                field(config, "pad_token"), field(config, "unk_token"));
    }

    // Older configs store an AddedToken object ({"content": "<s>", "lstrip": false, ...}) instead of the string.
    private static Optional<String> field(JsonNode config, String name) {
        JsonNode node = config.path(name);
        if (node.isMissingNode() || node.isNull()) return Optional.empty();
        JsonNode content = node.isObject() ? node.path("content") : node;
        if (!content.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a token (a string, or {\"content\": string}), got "
                    + node);
        }
        return Optional.of(content.asText());
    }
}
