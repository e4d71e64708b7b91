package org.reasonbridge.serve;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.data.ThinkingSplit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * vLLM's {@code --reasoning-parser}: a chat completion's thinking goes to {@code message.reasoning_content} (and
 * {@code delta.reasoning_content} when streamed) and only the answer to {@code content}, so a client that reads
 * reasoning fields (this project's teacher client, or any R1-style consumer) gets the two apart. The split is the
 * one home's ({@link ThinkingFormat#split}): a completion of a prompt that opened thinking starts inside it, else
 * thinking is what the opener and the delimiter enclose; a completion with neither is all answer and has no
 * {@code reasoning_content}, as vLLM's parsers return it.
 */
public final class ReasoningParser {
    /** vLLM's parser names for the formats this project knows, and s1's own format. */
    private static final Map<String, ThinkingFormat> NAMED = Map.of(
            "deepseek_r1", ThinkingFormat.DEEPSEEK_R1, "qwen3", ThinkingFormat.QWEN3, "s1", ThinkingFormat.S1);
    public static final List<String> NAMES = List.of("deepseek_r1", "qwen3", "s1");

    private final String name;
    private final ThinkingFormat format;

    private ReasoningParser(String name, ThinkingFormat format) {
        this.name = name;
        this.format = format;
    }

    /** The parser called {@code name} (one of {@link #NAMES}). */
    public static ReasoningParser named(String name) {
        ThinkingFormat f = name == null ? null : NAMED.get(name.toLowerCase(Locale.ROOT));
        if (f == null) throw new IllegalArgumentException("unknown reasoning parser '" + name + "'; known: " + NAMES);
        return new ReasoningParser(name.toLowerCase(Locale.ROOT), f);
    }

    public String name() {
        return name;
    }

    /** Whether a completion of {@code prompt} starts inside thinking (the chat template ended with the opener). */
    boolean opens(String prompt) {
        return format.opens(prompt);
    }

    /** A whole completion: thinking (null when it has none) and the answer. */
    Parts split(String completion, boolean opened) {
        ThinkingSplit s = format.split(completion, opened);
        if (!s.hasThinking()) return new Parts(null, completion);
        return new Parts(s.thinking(), s.answer());
    }

    /** The two halves of a completion or of a streamed delta; either may be null (nothing of that kind). */
    record Parts(String reasoning, String content) {
    }

    /** A streamed choice: deltas in, reasoning and content deltas out, nothing sent that a later marker would move. */
    Streamed stream(boolean opened) {
        return new Streamed(opened);
    }

    final class Streamed {
        private final boolean opened;
        private final StringBuilder seen = new StringBuilder();
        // characters that could still begin a marker: the opener, the delimiter or an end-of-turn token
        private final int keep = Stream.concat(Stream.of(format.opener(), format.end()),
                ThinkingFormat.END_OF_TURN.stream()).mapToInt(String::length).max().orElse(1) - 1;
        private int reasoningSent;
        private int contentSent;

        private Streamed(boolean opened) {
            this.opened = opened;
        }

        /** Adds text that will not be taken back; returns the deltas that may be sent now. */
        Parts offer(String delta) {
            seen.append(delta);
            return since(false);
        }

        /** The rest, once the choice has ended with {@code finalText} (what was offered, plus any held-back tail). */
        Parts finish(String finalText) {
            seen.setLength(0);
            seen.append(finalText);
            return since(true);
        }

        // Splits all text seen and sends what lies before `safe`: nothing after it can be part of a marker that has
        // not fully arrived, so the thinking and answer sent so far are prefixes of the final ones.
        private Parts since(boolean last) {
            String text = seen.toString();
            int safe = last ? text.length() : Math.max(0, text.length() - keep);
            ThinkingSplit s = format.split(text, opened);
            String thinking = "";
            String answer = "";
            if (s.hasThinking()) {
                thinking = upTo(text, s.thinkingStart(), s.thinkingEnd(), safe);
                if (s.closed()) answer = upTo(text, s.answerStart(), s.answerEnd(), safe);
            } else if (last) {
                // No marker in a completion that did not start inside thinking: until the end a delimiter may still
                // come ("2 and 2</think>4" is thinking up to it), so the answer is known only then.
                answer = text;
            }
            String reasoning = thinking.length() > reasoningSent ? thinking.substring(reasoningSent) : null;
            reasoningSent = Math.max(reasoningSent, thinking.length());
            String content = answer.length() > contentSent ? answer.substring(contentSent) : null;
            contentSent = Math.max(contentSent, answer.length());
            return new Parts(reasoning, content);
        }

        private static String upTo(String text, int from, int to, int safe) {
            return text.substring(from, Math.max(from, Math.min(to, safe)));
        }
    }
}
