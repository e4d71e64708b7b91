package org.reasonbridge.training;

import org.reasonbridge.data.Example;
import org.reasonbridge.levels.LevelMasks;
import org.reasonbridge.levels.LevelSpan;
import org.reasonbridge.levels.SegmentedTrace;
import org.reasonbridge.levels.Segmenter;
import org.reasonbridge.levels.TagSegmenter;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.reasonbridge.model.tokenizer.TokenizedText;
import org.reasonbridge.model.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an example into token ids with a reasoning level per token. The trace is segmented into reasoning levels (its
 * tags, or the rules for untagged text), rendered in the thinking format, tokenized with character offsets, and
 * each token takes the level of the span holding most of it. Prompt tokens get no loss; the rest of the
 * assistant turn (think markers, the solution, the end-of-turn token) is OUTPUT.
 */
public final class ExampleEncoder {
    private final Tokenizer tokenizer;
    private final ExampleRenderer renderer;
    private final Segmenter segmenter;
    private final int maxLength;

    public ExampleEncoder(Tokenizer tokenizer, ExampleRenderer renderer, Segmenter segmenter, int maxLength) {
        this.tokenizer = tokenizer;
        this.renderer = renderer;
        this.segmenter = segmenter;
        this.maxLength = maxLength;
    }

    /** The encoder for {@code format} (auto, chat, plain) with tag-or-rule segmentation. */
    public static ExampleEncoder of(Tokenizer tokenizer, String format, int maxLength) {
        ExampleRenderer renderer = switch (format) {
            case "chat" -> {
                if (tokenizer.chatTemplate().isEmpty()) {
                    throw new IllegalArgumentException("format chat, but the tokenizer has no chat template");
                }
                yield new ExampleRenderer(tokenizer.chatTemplate(), "");
            }
            case "plain" -> ExampleRenderer.plain(tokenizer.eosToken().orElse(""));
            default -> ExampleRenderer.forTokenizer(tokenizer);
        };
        return new ExampleEncoder(tokenizer, renderer, TagSegmenter.create(), maxLength);
    }

    public EncodedExample encode(Example e) {
        SegmentedTrace trace = segmenter instanceof TagSegmenter tags ? tags.segment(e.id(), e.trace())
                : segmenter.segment(e.trace());
        RenderedExample r = renderer.render(e.id(), e.problem(), trace.text(), e.solution());
        int shift = r.traceStart() - ExampleRenderer.leadingWhitespace(trace.text());
        List<LevelSpan> spans = new ArrayList<>();
        if (r.traceStart() > r.assistantStart()) {
            spans.add(new LevelSpan(ReasoningLevel.OUTPUT, r.assistantStart(), r.traceStart(), LevelSpan.MARKER));
        }
        for (LevelSpan s : trace.spans()) {
            int from = Math.max(s.start() + shift, r.traceStart()), to = Math.min(s.end() + shift, r.traceEnd());
            if (from < to) spans.add(new LevelSpan(s.level(), from, to, s.source()));
        }
        spans.add(new LevelSpan(ReasoningLevel.OUTPUT, r.traceEnd(), r.text().length(), LevelSpan.ANSWER));
        TokenizedText tokens = tokenizer.encodeWithOffsets(r.text());
        if (tokens.size() > maxLength) {
            throw new IllegalArgumentException("example '" + e.id() + "' is " + tokens.size()
                    + " tokens long, over maxSequenceLength " + maxLength + "; raise maxSequenceLength in the "
                    + "training config, or shorten or leave out the example");
        }
        LevelMasks masks = LevelMasks.of(tokens, r.text(), spans, 0);
        int[] parts = new int[tokens.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = tokens.start(i) < r.assistantStart() ? EncodedExample.NONE
                    : masks.level(i).map(ReasoningLevel::index).orElse(EncodedExample.NONE);
        }
        return new EncodedExample(e.id(), tokens.ids(), parts);
    }
}
