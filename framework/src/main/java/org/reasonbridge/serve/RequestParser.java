package org.reasonbridge.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.model.generate.GenerationConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON body of {@code /v1/chat/completions} and {@code /v1/completions} into a {@link GenerationRequest},
 * rejecting wrong types and out-of-range values with a 400 naming the field. Fields OpenAI clients commonly send
 * but that do not change greedy output here (logprobs, penalties, user, ...) are ignored, as vLLM does.
 */
final class RequestParser {
    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    /** OpenAI's default {@code max_tokens} for the legacy completions endpoint. */
    static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

    private final ObjectMapper json;
    private final ServerConfig config;

    RequestParser(ObjectMapper json, ServerConfig config) {
        this.json = json;
        this.config = config;
    }

    GenerationRequest chat(byte[] body) {
        JsonNode root = object(body);
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) throw ApiError.invalid("'messages' is required", "messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalid("'messages' must be a non-empty array", "messages");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) list.add(message(messages.get(i), "messages[" + i + "]"));
        int maxTokens = root.has("max_completion_tokens") && !root.get("max_completion_tokens").isNull()
                ? maxTokens(root, "max_completion_tokens", config.defaultMaxTokens())
                : maxTokens(root, "max_tokens", config.defaultMaxTokens());
        Map<String, Object> vars = new LinkedHashMap<>();
        JsonNode kwargs = root.get("chat_template_kwargs");
        if (kwargs != null && !kwargs.isNull()) {
            if (!kwargs.isObject()) throw ApiError.invalid("'chat_template_kwargs' must be an object", "chat_template_kwargs");
            kwargs.fields().forEachRemaining(f -> vars.put(f.getKey(), json.convertValue(f.getValue(), Object.class)));
        }
        return new GenerationRequest(GenerationRequest.Kind.CHAT, list, vars, List.of(), generation(root, maxTokens),
                bool(root, "stream"), includeUsage(root), false);
    }

    GenerationRequest completion(byte[] body) {
        JsonNode root = object(body);
        JsonNode prompt = root.get("prompt");
        List<String> prompts = new ArrayList<>();
        if (prompt == null || prompt.isNull()) throw ApiError.invalid("'prompt' is required", "prompt");
        if (prompt.isTextual()) {
            prompts.add(prompt.asText());
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            for (JsonNode p : prompt) {
                if (!p.isTextual()) throw ApiError.invalid("'prompt' must be a string or an array of strings "
                        + "(token-id prompts are not supported)", "prompt");
                prompts.add(p.asText());
            }
        } else {
            throw ApiError.invalid("'prompt' must be a string or a non-empty array of strings", "prompt");
        }
        if (prompts.size() > config.maxPrompts()) {
            throw ApiError.invalid("at most " + config.maxPrompts() + " prompts per request, got " + prompts.size(), "prompt");
        }
        for (String p : prompts) if (p.isEmpty()) throw ApiError.invalid("prompts must not be empty", "prompt");
        int maxTokens = maxTokens(root, "max_tokens", COMPLETIONS_DEFAULT_MAX_TOKENS);
        return new GenerationRequest(GenerationRequest.Kind.COMPLETION, List.of(), Map.of(), prompts,
                generation(root, maxTokens), bool(root, "stream"), includeUsage(root), bool(root, "echo"));
    }

    private JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("the body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw ApiError.invalid("the body could not be read", null);
        }
        if (root == null || !root.isObject()) throw ApiError.invalid("the body must be a JSON object", null);
        JsonNode model = root.get("model");
        if (model != null && !model.isNull() && !model.isTextual()) throw ApiError.invalid("'model' must be a string", "model");
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.isIntegralNumber() && n.asInt() == 1)) {
            throw ApiError.invalid("only n = 1 is supported", "n");
        }
        return root;
    }

    private Map<String, Object> message(JsonNode m, String where) {
        if (!m.isObject()) throw ApiError.invalid(where + " must be an object", "messages");
        JsonNode role = m.get("role");
        if (role == null || !role.isTextual()) throw ApiError.invalid(where + ".role must be a string", "messages");
        if (!ROLES.contains(role.asText())) {
            throw ApiError.invalid(where + ".role '" + role.asText() + "' is not one of " + ROLES, "messages");
        }
        JsonNode content = m.get("content");
        String text;
        if (content == null || content.isNull()) {
            if (!role.asText().equals("assistant")) throw ApiError.invalid(where + ".content is required", "messages");
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else if (content.isArray()) {
            // The content-parts form: only text parts have meaning for a text model.
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiError.invalid(where + ".content parts must be {\"type\": \"text\", \"text\": ...}", "messages");
                }
                sb.append(part.get("text").asText());
            }
            text = sb.toString();
        } else {
            throw ApiError.invalid(where + ".content must be a string or an array of text parts", "messages");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", role.asText());
        out.put("content", text);
        return out;
    }

    private int maxTokens(JsonNode root, String field, int fallback) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return Math.min(fallback, config.maxTokensCap());
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiError.invalid("'" + field + "' must be an integer", field);
        int n = v.asInt();
        if (n < 0) throw ApiError.invalid("'" + field + "' must be >= 0, got " + n, field);
        if (n > config.maxTokensCap()) {
            throw ApiError.invalid("'" + field + "' is " + n + ", more than this server's cap of " + config.maxTokensCap(), field);
        }
        return n;
    }

    private static GenerationConfig generation(JsonNode root, int maxTokens) {
        double temperature = number(root, "temperature", 1.0, 0, 2);
        double topP = number(root, "top_p", 1.0, 0, 1);
        if (topP == 0) throw ApiError.invalid("'top_p' must be in (0, 1]", "top_p");
        int topK = 0;
        JsonNode k = root.get("top_k");
        if (k != null && !k.isNull()) {
            if (!k.isIntegralNumber() || !k.canConvertToInt() || k.asInt() < -1) {
                throw ApiError.invalid("'top_k' must be an integer >= -1 (-1 or 0 = off)", "top_k");
            }
            topK = Math.max(0, k.asInt());
        }
        long seed = 0;
        JsonNode s = root.get("seed");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || !s.canConvertToLong()) throw ApiError.invalid("'seed' must be an integer", "seed");
            seed = s.asLong();
        }
        return new GenerationConfig(maxTokens, temperature, topK, topP, seed, null, stops(root));
    }

    private static List<String> stops(JsonNode root) {
        JsonNode stop = root.get("stop");
        List<String> out = new ArrayList<>();
        if (stop == null || stop.isNull()) return out;
        if (stop.isTextual()) {
            out.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) throw ApiError.invalid("'stop' must be a string or an array of strings", "stop");
                out.add(s.asText());
            }
        } else {
            throw ApiError.invalid("'stop' must be a string or an array of strings", "stop");
        }
        if (out.size() > 16) throw ApiError.invalid("at most 16 stop strings, got " + out.size(), "stop");
        if (out.stream().anyMatch(String::isEmpty)) throw ApiError.invalid("stop strings must not be empty", "stop");
        return out;
    }

    private static double number(JsonNode root, String field, double fallback, double min, double max) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber()) throw ApiError.invalid("'" + field + "' must be a number", field);
        double d = v.asDouble();
        if (!(d >= min && d <= max)) throw ApiError.invalid("'" + field + "' must be in [" + min + ", " + max + "], got " + d, field);
        return d;
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw ApiError.invalid("'" + field + "' must be a boolean", field);
        return v.asBoolean();
    }

    private static boolean includeUsage(JsonNode root) {
        JsonNode o = root.get("stream_options");
        if (o == null || o.isNull()) return false;
        if (!o.isObject()) throw ApiError.invalid("'stream_options' must be an object", "stream_options");
        return bool(o, "include_usage");
    }
}
