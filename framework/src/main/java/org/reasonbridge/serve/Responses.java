package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.reasonbridge.model.generate.FinishReason;
import org.reasonbridge.model.generate.Generation;

import java.util.ArrayList;
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
    private final LogprobShapes logprobs;
    private final ReasoningParser reasoning; // null: the whole completion is content
    private final boolean opened; // the prompt opened thinking

    Responses(ObjectMapper json, String id, long created, String model, LogprobShapes logprobs) {
        this(json, id, created, model, logprobs, null, false);
    }

    Responses(ObjectMapper json, String id, long created, String model, LogprobShapes logprobs,
              ReasoningParser reasoning, boolean opened) {
        this.reasoning = reasoning;
        this.opened = opened;
        this.json = json;
        this.id = id;
        this.created = created;
        this.model = model;
        this.logprobs = logprobs;
    }

    /** OpenAI's two reasons: a stop token, a stop string or a policy's stop all read as "stop". */
    static String finishReason(FinishReason r) {
        return r == FinishReason.LENGTH ? "length" : "stop";
    }

    /** A chat completion: one choice per row ({@code n}), with log-probabilities when the request asked. */
    ObjectNode chat(List<Job.Choice> rows, GenerationRequest r) {
        ObjectNode root = head("chat.completion");
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < rows.size(); i++) {
            Generation g = rows.get(i).generation();
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (reasoning == null) {
                message.put("content", g.text());
            } else {
                ReasoningParser.Parts parts = reasoning.split(g.text(), opened);
                if (parts.reasoning() != null) message.put("reasoning_content", parts.reasoning());
                message.put("content", parts.content());
            }
            if (rows.get(i).scores() != null) choice.set("logprobs", logprobs.chat(rows.get(i), r.logprobs()));
            else choice.putNull("logprobs");
            choice.put("finish_reason", finishReason(g.finishReason()));
        }
        root.set("usage", usage(rows, r.n()));
        return root;
    }

    /** A text completion: choice {@code i*n + j} is the j-th of prompt i, as OpenAI numbers them. */
    ObjectNode completion(List<Job.Choice> rows, GenerationRequest r) {
        ObjectNode root = head("text_completion");
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < rows.size(); i++) {
            Job.Choice row = rows.get(i);
            String prompt = r.prompts().get(i / r.n());
            ObjectNode c = choices.addObject();
            c.put("text", (r.echo() ? prompt : "") + row.generation().text());
            c.put("index", i);
            if (row.scores() != null) c.set("logprobs", logprobs.completion(row, r.echo(), prompt));
            else c.putNull("logprobs");
            c.put("finish_reason", finishReason(row.generation().finishReason()));
        }
        root.set("usage", usage(rows, r.n()));
        return root;
    }

    /** A streamed chat chunk; {@code role} only in the first, {@code finishReason} only in the last of a choice. */
    ObjectNode chatChunk(int index, String role, String content, String finishReason) {
        ObjectNode root = head("chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", index);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) delta.put("role", role);
        if (content != null) delta.put("content", content);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return root;
    }

    /** A choice's streamed parser for this response; null when there is no reasoning parser. */
    ReasoningParser.Streamed reasoningStream() {
        return reasoning == null ? null : reasoning.stream(opened);
    }

    /** Chat chunks of one delta through the reasoning parser: {@code reasoning_content}, then {@code content}. */
    List<ObjectNode> chatChunks(int index, ReasoningParser.Parts parts) {
        List<ObjectNode> out = new ArrayList<>(2);
        if (parts.reasoning() != null && !parts.reasoning().isEmpty()) {
            ObjectNode c = chatChunk(index, null, null, null);
            ((ObjectNode) c.get("choices").get(0).get("delta")).put("reasoning_content", parts.reasoning());
            out.add(c);
        }
        if (parts.content() != null && !parts.content().isEmpty()) out.add(chatChunk(index, null, parts.content(), null));
        return out;
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
    ObjectNode usageChunk(String object, List<Job.Choice> rows, int n) {
        ObjectNode root = head(object);
        root.putArray("choices");
        root.set("usage", usage(rows, n));
        return root;
    }

    /** Token counts: each prompt once however many choices it has (as OpenAI), every choice's completion. */
    ObjectNode usage(List<Job.Choice> rows, int n) {
        int prompt = 0, completion = 0;
        for (int i = 0; i < rows.size(); i++) {
            Generation g = rows.get(i).generation();
            if (i % n == 0) prompt += g.promptIds().length;
            completion += g.generatedIds().length;
        }
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        return u;
    }

    static ObjectNode models(ObjectMapper json, String model, long created, int maxModelLen) {
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        root.putArray("data").add(model(json, model, created, maxModelLen));
        return root;
    }

    /** One model object ({@code GET /v1/models/{id}}), with vLLM's {@code max_model_len}. */
    static ObjectNode model(ObjectMapper json, String model, long created, int maxModelLen) {
        ObjectNode m = json.createObjectNode();
        m.put("id", model);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "reasonbridge");
        m.put("max_model_len", maxModelLen);
        return m;
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
