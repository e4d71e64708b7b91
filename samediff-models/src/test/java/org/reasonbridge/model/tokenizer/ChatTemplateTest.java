package org.reasonbridge.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatTemplateTest {

    private static final ChatTemplate QWEN = ChatTemplate.fromTokenizerConfig(
            Fixtures.qwenDir().resolve("tokenizer_config.json")).orElseThrow();

    static Stream<Arguments> qwenCases() {
        return Fixtures.jsonLines(Fixtures.qwenDir().resolve("chat_template_expected.jsonl")).stream()
                .map(n -> Arguments.of(n.get("name").asText(), n.get("inputs"), n.get("expected").asText()));
    }

    /** Every fixture conversation renders byte-for-byte as transformers + Jinja2 rendered it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("qwenCases")
    void qwenTemplateMatchesTransformers(String name, JsonNode inputs, String expected) {
        Map<String, Object> vars = Fixtures.JSON.convertValue(inputs, new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) vars.remove("messages");
        boolean addGenerationPrompt = (Boolean) vars.remove("add_generation_prompt");
        assertEquals(expected, QWEN.render(messages, addGenerationPrompt, vars));
    }

    @Test
    void reasoningContentFieldReplacesThinkTags() {
        Map<String, Object> assistant = Map.of("role", "assistant", "content", "42", "reasoning_content", "\nsix times seven\n");
        String out = QWEN.render(List.of(Map.of("role", "user", "content", "q"), assistant), false);
        assertEquals("<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n<think>\nsix times seven\n</think>\n\n42<|im_end|>\n", out);
    }

    @Test
    void toolCallsAndToolResponses() {
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "user", "content", "Weather?"),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("function",
                        Map.of("name", "get_weather", "arguments", Map.of("city", "Paris"))))),
                Map.of("role", "tool", "content", "sunny"));
        String expected = "<|im_start|>user\nWeather?<|im_end|>\n<|im_start|>assistant\n<tool_call>\n"
                + "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\nsunny\n</tool_response><|im_end|>\n<|im_start|>assistant\n";
        assertEquals(expected, QWEN.render(messages, true));
    }

    /** Llama 3.x style: bos_token, strftime_now, raise_exception, trim of content, header tokens. */
    private static final String LLAMA3 = """
            {{- bos_token }}
            {%- if messages[0]['role'] == 'system' %}
                {%- set system_message = messages[0]['content']|trim %}
                {%- set messages = messages[1:] %}
            {%- else %}
                {%- set system_message = "" %}
            {%- endif %}
            {{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}
            {{- "Today Date: " + strftime_now("%d %b %Y") + "\\n\\n" }}
            {{- system_message }}
            {{- "<|eot_id|>" }}
            {%- for message in messages %}
                {%- if message.role not in ['user', 'assistant'] %}
                    {{- raise_exception("Unknown role: " ~ message.role) }}
                {%- endif %}
                {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}
            {%- endif %}
            """;

    @Test
    void llama3StyleTemplate() {
        ChatTemplate llama = ChatTemplate.parse(LLAMA3)
                .withSpecialTokens(new SpecialTokens(java.util.Optional.of("<|begin_of_text|>"), java.util.Optional.of("<|eot_id|>"),
                        java.util.Optional.empty(), java.util.Optional.empty()))
                .withClock(Clock.fixed(Instant.parse("2024-07-05T10:00:00Z"), ZoneOffset.UTC));
        String out = llama.renderMessages(List.of(ChatMessage.system("  Be brief. "), ChatMessage.user("Hi\n"),
                ChatMessage.assistant("Hello!"), ChatMessage.user("Bye")), true);
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nToday Date: 05 Jul 2024\n\n"
                + "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", out);
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> llama.renderMessages(List.of(new ChatMessage("tool", "x")), false));
        assertEquals("Unknown role: tool", e.getMessage());
    }

    /** Mistral/Mixtral v1 style: alternation check with loop.index0 % 2, [INST] wrapping, eos after answers. */
    private static final String MISTRAL = "{{ bos_token }}{% for message in messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
            + "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}"
            + "{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";

    @Test
    void mistralStyleTemplate() {
        ChatTemplate mistral = ChatTemplate.parse(MISTRAL).withSpecialTokens(new SpecialTokens(
                java.util.Optional.of("<s>"), java.util.Optional.of("</s>"), java.util.Optional.empty(), java.util.Optional.empty()));
        String out = mistral.renderMessages(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello"), ChatMessage.user("2+2?")), true);
        assertEquals("<s>[INST] Hi [/INST]Hello</s>[INST] 2+2? [/INST]", out);
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> mistral.renderMessages(List.of(ChatMessage.user("a"), ChatMessage.user("b")), false));
        assertEquals("Conversation roles must alternate user/assistant/user/assistant/...", e.getMessage());
    }

    @Test
    void listFormConfigPicksDefaultAndKeepsVariants() {
        JsonNode config = Fixtures.JSON.valueToTree(Map.of("eos_token", "</s>", "chat_template", List.of(
                Map.of("name", "tool_use", "template", "T{{ tools|length }}"),
                Map.of("name", "default", "template", "D{{ messages|length }}{{ eos_token }}"))));
        ChatTemplate template = ChatTemplate.fromTokenizerConfig(config).orElseThrow();
        assertEquals(Set.of("tool_use", "default"), template.variantNames());
        assertEquals("D1</s>", template.renderMessages(List.of(ChatMessage.user("x")), false));
        Map<String, Object> tools = new HashMap<>();
        tools.put("tools", List.of(Map.of("name", "a"), Map.of("name", "b")));
        assertEquals("T2", template.variant("tool_use").orElseThrow().renderMessages(List.of(), false, tools));
        assertTrue(ChatTemplate.fromTokenizerConfig(Fixtures.JSON.createObjectNode()).isEmpty());
    }

    @Test
    void toolsAndDocumentsAreNoneByDefault() {
        ChatTemplate t = ChatTemplate.parse("{{ tools is none }}/{{ documents is none }}/{{ bos_token is defined }}/{{ add_generation_prompt }}");
        assertEquals("True/True/False/True", t.renderMessages(List.of(), true));
    }
}
