package org.reasonbridge.training;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.lm.ChatPrompt;
import org.reasonbridge.model.tokenizer.ChatMessage;
import org.reasonbridge.model.tokenizer.ChatTemplate;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders an example in the thinking format: through the model's chat template as
 * {@code user: problem}, {@code assistant: <think>\ntrace\n</think>\n\nsolution}, or, for models without a
 * template, as a fixed plain layout. The prompt part is {@link ChatPrompt}'s, the one a model is asked with at test
 * time. The trace must already be free of level tags.
 */
public final class ExampleRenderer {
    /** The layout of the assistant turn: Qwen3's, as the training format in the README. */
    static final ThinkingFormat FORMAT = ChatPrompt.FORMAT;

    private final ChatPrompt prompts;

    /**
     * @param template  the chat template, or empty for the plain layout
     * @param endOfText appended to plain examples so the model learns to stop (the tokenizer's eos token), or ""
     */
    public ExampleRenderer(Optional<ChatTemplate> template, String endOfText) {
        this.prompts = new ChatPrompt(template, endOfText);
    }

    /** The prompt a model gets for {@code problem}, up to and including the opening of its thinking. */
    public String prompt(String problem) {
        return prompts.thinking(problem);
    }

    public RenderedExample render(String id, String problem, String cleanTrace, String solution) {
        String trace = cleanTrace.strip();
        String answer = solution.strip();
        if (trace.isEmpty()) throw new IllegalArgumentException("example '" + id + "' has an empty trace");
        String text;
        int assistantStart;
        String prompt = prompts.render(List.of(ChatMessage.user(problem)));
        if (prompts.template().isPresent()) {
            List<Map<String, Object>> user = List.of(Map.of("role", "user", "content", problem));
            text = prompts.template().get().render(List.of(user.get(0), Map.of("role", "assistant",
                    "content", FORMAT.assistantTurn(trace, answer))), false, Map.of());
            if (!text.startsWith(prompt)) {
                throw new IllegalArgumentException("example '" + id + "': the chat template renders the conversation "
                        + "without the generation prompt as its prefix; use \"format\": \"plain\"");
            }
            assistantStart = prompt.length();
        } else {
            text = prompt + FORMAT.assistantTurn(trace, answer) + prompts.endOfText();
            assistantStart = prompt.length();
        }
        int traceStart = text.indexOf(trace, assistantStart);
        int solutionStart = traceStart < 0 ? -1 : text.indexOf(answer, traceStart + trace.length());
        if (traceStart < 0 || solutionStart < 0) {
            throw new IllegalArgumentException("example '" + id + "': the chat template changed the trace or the "
                    + "solution text, so their tokens cannot be located");
        }
        return new RenderedExample(id, text, assistantStart, traceStart, traceStart + trace.length(), solutionStart,
                solutionStart + answer.length());
    }

    /** Leading characters {@link #render} strips from a trace: spans computed on the raw trace shift by this. */
    static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** The renderer a tokenizer implies: its chat template when it has one, else the plain layout. */
    public static ExampleRenderer forTokenizer(Tokenizer tokenizer) {
        ChatPrompt p = ChatPrompt.forTokenizer(tokenizer);
        return new ExampleRenderer(p.template(), p.endOfText());
    }

    public static ExampleRenderer plain(String endOfText) {
        return new ExampleRenderer(Optional.empty(), endOfText);
    }
}
