package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.model.generate.FinishReason;
import org.reasonbridge.model.generate.Generation;

import java.util.List;

/**
 * OpenAI's response shapes: {@code chat.completion}, {@code chat.completion.chunk}, {@code text_completion}
 * (whole and streamed) and the model list. One instance per response, carrying its id, creation time and model.
 */
final class Responses {
    private final ObjectMapper json;
    private final String id;
    private final long created;
    private final String model;

    Responses(ObjectMapper json, String id, long created, String model) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** OpenAI's two reasons: a stop token, a stop string or a policy's stop all read as "stop". */
    static String finishReason(FinishReason r) {
        return r == FinishReason.LENGTH ? "length" : "stop";
    }

    ObjectNode chat(Generation g) {
        ObjectNode root = head("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", g.text());
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(g.finishReason()));
        root.set("usage", usage(List.of(g)));
        return root;
    }

    ObjectNode completion(List<Generation> gs, List<String> prompts, boolean echo) {
        ObjectNode root = head("text_completion");
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < gs.size(); i++) {
            ObjectNode c = choices.addObject();
            c.put("text", (echo ? prompts.get(i) : "") + gs.get(i).text());
            c.put("index", i);
            c.putNull("logprobs");
            c.put("finish_reason", finishReason(gs.get(i).finishReason()));
        }
        root.set("usage", usage(gs));
        return root;
    }

    /** A streamed chat chunk; {@code role} only in the first, {@code finishReason} only in the last of a choice. */
    ObjectNode chatChunk(String role, String content, String finishReason) {
        ObjectNode root = head("chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) delta.put("role", role);
        if (content != null) delta.put("content", content);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return root;
    }

    ObjectNode completionChunk(int index, String text, String finishReason) {
        ObjectNode root = head("text_completion");
        ObjectNode c = root.putArray("choices").addObject();
        c.put("text", text);
        c.put("index", index);
        c.putNull("logprobs");
        c.put("finish_reason", finishReason);
        return root;
    }

    /** The last chunk when {@code stream_options.include_usage}: no choices, the usage of the whole request. */
    ObjectNode usageChunk(String object, List<Generation> gs) {
        ObjectNode root = head(object);
        root.putArray("choices");
        root.set("usage", usage(gs));
        return root;
    }

    ObjectNode usage(List<Generation> gs) {
        int prompt = gs.stream().mapToInt(g -> g.promptIds().length).sum();
        int completion = gs.stream().mapToInt(g -> g.generatedIds().length).sum();
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        return u;
    }

    static ObjectNode models(ObjectMapper json, String model, long created) {
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        ObjectNode m = root.putArray("data").addObject();
        m.put("id", model);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "reasonbridge");
        return root;
    }

    private ObjectNode head(String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }
}
