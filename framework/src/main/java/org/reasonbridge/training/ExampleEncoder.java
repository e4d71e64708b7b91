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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an example into token ids with a reasoning level per token. The trace is segmented into reasoning levels (its
 * tags, or the rules for untagged text), rendered in the thinking format, tokenized with character offsets, and
 * each token takes the level of the span holding most of it. Prompt tokens get no loss; the rest of the
 * assistant turn (think markers, the solution, the end-of-turn token) is OUTPUT. An example longer than the limit
 * is handled by the {@link OverLength} policy.
 */
public final class ExampleEncoder {
    /**
     * What {@link #encode} made of an example: the tokens to train on (none when it was skipped), its length in tokens
     * rendered whole, and, over the limit, what was done with it and why.
     */
    public record Result(Optional<EncodedExample> example, int tokens, Action action, String reason) {
        /** What the over-length policy did: nothing (the example fits), cut its thinking, or left it out. */
        public enum Action {
            KEPT, TRUNCATED, SKIPPED;

            /** As {@code over-length.jsonl} writes it, e.g. {@code truncated}. */
            public String id() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        static Result kept(EncodedExample e) {
            return new Result(Optional.of(e), e.length(), Action.KEPT, "");
        }

        static Result truncated(EncodedExample e, int tokens, String reason) {
            return new Result(Optional.of(e), tokens, Action.TRUNCATED, reason);
        }

        static Result skipped(int tokens, String reason) {
            return new Result(Optional.empty(), tokens, Action.SKIPPED, reason);
        }
    }

    private final Tokenizer tokenizer;
    private final ExampleRenderer renderer;
    private final Segmenter segmenter;
    private final int maxLength;
    private final OverLength overLength;

    public ExampleEncoder(Tokenizer tokenizer, ExampleRenderer renderer, Segmenter segmenter, int maxLength,
                          OverLength overLength) {
        this.tokenizer = tokenizer;
        this.renderer = renderer;
        this.segmenter = segmenter;
        this.maxLength = maxLength;
        this.overLength = overLength;
    }

    /** The encoder for {@code format} (auto, chat, plain) with tag-or-rule segmentation. */
    public static ExampleEncoder of(Tokenizer tokenizer, String format, int maxLength, OverLength overLength) {
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
        return new ExampleEncoder(tokenizer, renderer, TagSegmenter.create(), maxLength, overLength);
    }

    /** The encoder a training config asks for. */
    public static ExampleEncoder of(Tokenizer tokenizer, TrainingConfig config) {
        return of(tokenizer, config.format(), config.maxSequenceLength(), OverLength.of(config.overLength()));
    }

    /**
     * The example's tokens and levels; over the limit, what the policy made of it (truncated, skipped), or, with
     * {@link OverLength#ERROR}, an error naming the example and its length.
     */
    public Result encode(Example e) {
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
        int[] parts = parts(tokens, r.text(), spans, r.assistantStart());
        if (tokens.size() <= maxLength) return Result.kept(new EncodedExample(e.id(), tokens.ids(), parts));
        return switch (overLength) {
            case ERROR -> throw new IllegalArgumentException("example '" + e.id() + "' is " + tokens.size()
                    + " tokens long, over maxSequenceLength " + maxLength + "; raise maxSequenceLength in the "
                    + "training config, set \"overLength\" to truncate or skip, or shorten or leave out the example");
            case SKIP -> Result.skipped(tokens.size(), "over maxSequenceLength " + maxLength
                    + " (overLength skip)");
            case TRUNCATE -> truncate(e, r, tokens, parts, spans);
        };
    }

    /**
     * The example cut at the end of its thinking: the first tokens of the whole rendering up to the cut, then the
     * rendering's closing part (end of thinking, answer, end of turn) tokenized on its own, so it is whole whatever
     * BPE merged across the cut. Every label comes from the full trace's spans: the kept tokens keep the labels
     * they had in the whole example (a span the cut falls in is clipped, not segmented again), the closing part
     * is labelled by the spans after the trace.
     */
    private Result truncate(Example e, RenderedExample r, TokenizedText tokens, int[] parts,
                                           List<LevelSpan> spans) {
        String closingText = r.text().substring(r.traceEnd());
        TokenizedText closing = tokenizer.encodeWithOffsets(closingText);
        List<LevelSpan> after = new ArrayList<>();
        for (LevelSpan s : spans) if (s.end() > r.traceEnd()) after.add(s.shift(-r.traceEnd()));
        int[] closingParts = parts(closing, closingText, after, 0);
        int beforeTrace = 0, throughTrace = 0; // tokens starting before the trace; tokens ending by its end
        while (beforeTrace < tokens.size() && tokens.start(beforeTrace) < r.traceStart()) beforeTrace++;
        while (throughTrace < tokens.size() && tokens.end(throughTrace) <= r.traceEnd()) throughTrace++;
        int keep = Math.min(maxLength - closing.size(), throughTrace);
        // not between the byte tokens of one character (they share its range): the cut would leave half of it
        while (keep > beforeTrace && keep < tokens.size() && tokens.start(keep) < tokens.end(keep - 1)) keep--;
        if (keep <= beforeTrace) {
            return Result.skipped(tokens.size(), "the prompt and the answer alone take "
                    + (beforeTrace + closing.size()) + " tokens, leaving no room for the thinking within "
                    + "maxSequenceLength " + maxLength);
        }
        int[] ids = concat(Arrays.copyOf(tokens.ids(), keep), closing.ids());
        EncodedExample cut = new EncodedExample(e.id(), ids, concat(Arrays.copyOf(parts, keep), closingParts));
        return Result.truncated(cut, tokens.size(), "thinking cut from " + (throughTrace - beforeTrace)
                + " to " + (keep - beforeTrace) + " tokens");
    }

    /** Each token's level index ({@link EncodedExample#NONE} before {@code lossStart} or outside every span). */
    private static int[] parts(TokenizedText tokens, String text, List<LevelSpan> spans, int lossStart) {
        LevelMasks masks = LevelMasks.of(tokens, text, spans, 0);
        int[] parts = new int[tokens.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = tokens.start(i) < lossStart ? EncodedExample.NONE
                    : masks.level(i).map(ReasoningLevel::index).orElse(EncodedExample.NONE);
        }
        return parts;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
