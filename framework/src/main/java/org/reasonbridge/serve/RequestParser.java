package org.reasonbridge.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.reasonbridge.model.generate.GenerationConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON body of {@code /v1/chat/completions} and {@code /v1/completions} into a {@link GenerationRequest},
 * rejecting wrong types, out-of-range values and fields this server does not implement ({@link Fields}) with a 400
 * naming the field. Token counts are checked later, once the prompts are tokenized ({@link Prompts}).
 */
final class RequestParser {
    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    /** OpenAI's default {@code max_tokens} for the legacy completions endpoint. */
    static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

    private final ObjectMapper json;
    private final ServerConfig config;
    private final int vocabSize;

    /** @param vocabSize the model's vocabulary: token ids (prompts, logit_bias) must be below it */
    RequestParser(ObjectMapper json, ServerConfig config, int vocabSize) {
        this.json = json;
        this.config = config;
        this.vocabSize = vocabSize;
    }

    GenerationRequest chat(byte[] body) {
        JsonNode root = object(body);
        int n = n(root);
        Fields.check(root, Fields.CHAT, n);
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) throw ApiError.invalid("'messages' is required", "messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalid("'messages' must be a non-empty array", "messages");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) list.add(message(messages.get(i), "messages[" + i + "]"));
        Integer given = present(root, "max_completion_tokens") ? maxTokens(root, "max_completion_tokens")
                : maxTokens(root, "max_tokens");
        Map<String, Object> vars = new LinkedHashMap<>();
        JsonNode kwargs = root.get("chat_template_kwargs");
        if (kwargs != null && !kwargs.isNull()) {
            if (!kwargs.isObject()) throw ApiError.invalid("'chat_template_kwargs' must be an object", "chat_template_kwargs");
            kwargs.fields().forEachRemaining(f -> vars.put(f.getKey(), json.convertValue(f.getValue(), Object.class)));
        }
        Integer logprobs = null;
        if (bool(root, "logprobs")) {
            logprobs = present(root, "top_logprobs") ? count(root, "top_logprobs") : 0;
        } else if (present(root, "top_logprobs")) {
            throw ApiError.invalid("'top_logprobs' needs 'logprobs': true", "top_logprobs");
        }
        checkRows(1, n);
        int maxTokens = given != null ? given : Math.min(config.defaultMaxTokens(), config.maxTokensCap());
        return request(root, GenerationRequest.Kind.CHAT, list, vars, List.of(), List.of(), maxTokens, given != null,
                n, logprobs, false);
    }

    GenerationRequest completion(byte[] body) {
        JsonNode root = object(body);
        int n = n(root);
        Fields.check(root, Fields.COMPLETION, n);
        List<String> texts = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        prompts(root.get("prompt"), texts, ids);
        checkRows(texts.size() + ids.size(), n);
        Integer given = maxTokens(root, "max_tokens");
        int maxTokens = given != null ? given : Math.min(COMPLETIONS_DEFAULT_MAX_TOKENS, config.maxTokensCap());
        Integer logprobs = present(root, "logprobs") ? count(root, "logprobs") : null;
        return request(root, GenerationRequest.Kind.COMPLETION, List.of(), Map.of(), texts, ids, maxTokens,
                given != null, n, logprobs, bool(root, "echo"));
    }

    private GenerationRequest request(JsonNode root, GenerationRequest.Kind kind, List<Map<String, Object>> messages,
                                      Map<String, Object> vars, List<String> texts, List<int[]> ids, int maxTokens,
                                      boolean given, int n, Integer logprobs, boolean echo) {
        boolean stream = bool(root, "stream");
        if (stream && logprobs != null) {
            throw new ApiError(400, "invalid_request_error", "'logprobs' cannot be streamed by this server; "
                    + "ask without 'stream'", "logprobs", "unsupported_parameter");
        }
        JsonNode model = root.get("model");
        return new GenerationRequest(kind, model == null || model.isNull() ? null : model.asText(), messages, vars,
                texts, ids, generation(root, maxTokens), given, n, logprobs, stream, includeUsage(root), echo);
    }

    /** A string, an array of strings, an array of token ids, or an array of arrays of token ids. */
    private void prompts(JsonNode prompt, List<String> texts, List<int[]> ids) {
        if (prompt == null || prompt.isNull()) throw ApiError.invalid("'prompt' is required", "prompt");
        String shape = "'prompt' must be a string, an array of strings, an array of token ids or an array of arrays of token ids";
        if (prompt.isTextual()) {
            texts.add(prompt.asText());
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            if (prompt.get(0).isIntegralNumber()) {
                ids.add(tokenIds(prompt, "prompt"));
            } else {
                for (int i = 0; i < prompt.size(); i++) {
                    JsonNode p = prompt.get(i);
                    if (p.isTextual() && ids.isEmpty()) texts.add(p.asText());
                    else if (p.isArray() && texts.isEmpty()) ids.add(tokenIds(p, "prompt[" + i + "]"));
                    else throw ApiError.invalid(shape + " (prompt[" + i + "] is " + p.getNodeType().name().toLowerCase() + ")", "prompt");
                }
            }
        } else {
            throw ApiError.invalid(shape, "prompt");
        }
        for (String p : texts) if (p.isEmpty()) throw ApiError.invalid("prompts must not be empty", "prompt");
    }

    private int[] tokenIds(JsonNode array, String where) {
        if (array.isEmpty()) throw ApiError.invalid(where + " must not be empty", "prompt");
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode t = array.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt()) {
                throw ApiError.invalid(where + "[" + i + "] must be a token id (an integer), got " + t, "prompt");
            }
            out[i] = t.asInt();
            if (out[i] < 0 || out[i] >= vocabSize) {
                throw ApiError.invalid(where + "[" + i + "] = " + out[i] + " is outside the vocabulary [0, " + vocabSize + ")", "prompt");
            }
        }
        return out;
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
        return root;
    }

    private int n(JsonNode root) {
        JsonNode v = root.get("n");
        if (v == null || v.isNull()) return 1;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw ApiError.invalid("'n' must be an integer >= 1, got " + v, "n");
        }
        return v.asInt();
    }

    private void checkRows(int prompts, int n) {
        if ((long) prompts * n > config.maxPrompts()) {
            throw ApiError.invalid("at most " + config.maxPrompts() + " choices (prompts times n) per request, got "
                    + prompts + " x " + n, n > 1 ? "n" : "prompt");
        }
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

    /** The request's own {@code max_tokens} (checked against the cap), or null when it names none. */
    private Integer maxTokens(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiError.invalid("'" + field + "' must be an integer", field);
        int n = v.asInt();
        if (n < 0) throw ApiError.invalid("'" + field + "' must be >= 0, got " + n, field);
        if (n > config.maxTokensCap()) {
            throw ApiError.invalid("'" + field + "' is " + n + ", more than this server's cap of " + config.maxTokensCap(), field);
        }
        return n;
    }

    private static int count(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0 || v.asInt() > ServerConfig.MAX_LOGPROBS) {
            throw ApiError.invalid("'" + field + "' must be an integer in [0, " + ServerConfig.MAX_LOGPROBS + "], got " + v, field);
        }
        return v.asInt();
    }

    private GenerationConfig generation(JsonNode root, int maxTokens) {
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
        return new GenerationConfig(maxTokens, temperature, topK, topP, seed, null, stops(root), logitBias(root));
    }

    /** OpenAI's {@code logit_bias}: token ids (as JSON object keys) to a bias in [-100, 100]. */
    private Map<Integer, Double> logitBias(JsonNode root) {
        JsonNode b = root.get("logit_bias");
        Map<Integer, Double> out = new HashMap<>();
        if (b == null || b.isNull()) return out;
        if (!b.isObject()) throw ApiError.invalid("'logit_bias' must be an object of token id to bias", "logit_bias");
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) b::fields) {
            int id;
            try {
                id = Integer.parseInt(e.getKey().strip());
            } catch (NumberFormatException x) {
                throw ApiError.invalid("'logit_bias' keys must be token ids, got \"" + e.getKey() + "\"", "logit_bias");
            }
            if (id < 0 || id >= vocabSize) {
                throw ApiError.invalid("'logit_bias' token " + id + " is outside the vocabulary [0, " + vocabSize + ")", "logit_bias");
            }
            JsonNode v = e.getValue();
            if (!v.isNumber() || !(v.asDouble() >= -100 && v.asDouble() <= 100)) {
                throw ApiError.invalid("'logit_bias' values must be numbers in [-100, 100], got " + v + " for token " + id, "logit_bias");
            }
            out.put(id, v.asDouble());
        }
        if (out.size() > 300) throw ApiError.invalid("at most 300 'logit_bias' entries, got " + out.size(), "logit_bias");
        return out;
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

    private static boolean present(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v != null && !v.isNull();
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
