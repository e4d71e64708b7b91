package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request fields each endpoint understands. A field outside the list, or a listed field asking for something
 * this server does not do (a penalty, tools, {@code best_of > n}...), is answered with a 400 naming it: a request
 * is never answered as if a setting had been applied when it was not. A null value counts as absent.
 */
final class Fields {
    /** Read by both endpoints. */
    private static final Set<String> COMMON = Set.of("model", "max_tokens", "temperature", "top_p", "top_k", "n",
            "stream", "stream_options", "stop", "seed", "logit_bias", "logprobs", "user",
            // accepted only at the value that changes nothing
            "presence_penalty", "frequency_penalty", "repetition_penalty", "min_p");
    static final Set<String> CHAT = union(COMMON, "messages", "max_completion_tokens", "top_logprobs",
            "chat_template_kwargs", "response_format", "tools", "tool_choice", "parallel_tool_calls");
    static final Set<String> COMPLETION = union(COMMON, "prompt", "echo", "best_of", "suffix");

    private Fields() {
    }

    /** Refuses the first field not in {@code known}, and known fields set to something not implemented here. */
    static void check(JsonNode root, Set<String> known, int n) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull()) continue;
            if (!known.contains(f.getKey())) {
                throw new ApiError(400, "invalid_request_error", "Unrecognized request argument supplied: " + f.getKey()
                        + " (this server reads " + new TreeSet<>(known) + ")", f.getKey(), "unknown_parameter");
            }
        }
        only(root, "presence_penalty", v -> v.isNumber() && v.asDouble() == 0, "0 (penalties are not implemented)");
        only(root, "frequency_penalty", v -> v.isNumber() && v.asDouble() == 0, "0 (penalties are not implemented)");
        only(root, "repetition_penalty", v -> v.isNumber() && v.asDouble() == 1, "1 (penalties are not implemented)");
        only(root, "min_p", v -> v.isNumber() && v.asDouble() == 0, "0 (min-p sampling is not implemented)");
        only(root, "best_of", v -> v.isIntegralNumber() && v.asInt() == n,
                "n (ranking more candidates than are returned is not implemented)");
        only(root, "suffix", v -> v.isTextual() && v.asText().isEmpty(), "empty (insertion is not implemented)");
        only(root, "response_format", v -> v.isObject() && v.size() == 1 && "text".equals(v.path("type").asText()),
                "{\"type\": \"text\"} (structured output is not implemented)");
        only(root, "tools", v -> v.isArray() && v.isEmpty(), "empty (tool calls are not implemented)");
        only(root, "tool_choice", v -> v.isTextual() && v.asText().equals("none"), "\"none\" (tool calls are not implemented)");
        only(root, "parallel_tool_calls", JsonNode::isBoolean, "a boolean");
        only(root, "user", JsonNode::isTextual, "a string");
    }

    private static void only(JsonNode root, String field, java.util.function.Predicate<JsonNode> ok, String what) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull() || ok.test(v)) return;
        throw new ApiError(400, "invalid_request_error", "'" + field + "' must be " + what + ", got " + v, field,
                "unsupported_parameter");
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> s = new TreeSet<>(base);
        s.addAll(Set.of(more));
        return Set.copyOf(s);
    }
}
