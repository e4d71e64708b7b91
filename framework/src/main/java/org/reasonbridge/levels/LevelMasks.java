package org.reasonbridge.levels;

import org.reasonbridge.model.levels.ReasoningLevel;

import java.util.List;
import java.util.Optional;
import org.reasonbridge.model.tokenizer.TokenizedText;
import org.reasonbridge.model.tokenizer.Tokenizer;

/**
 * Per-token level labels for the hierarchical loss, aligned with the token ids of the text they were made from.
 *
 * <p>A token gets the level of the span that covers most of its characters, counting non-whitespace characters
 * first (so {@code " We"} goes with the sentence {@code We} starts, not with the whitespace that ends the one
 * before) and all characters only when the token is whitespace; ties go to the earlier span. A token with no
 * character in any span is {@link #UNLABELLED} and takes no part in the loss: the prompt, the chat template's
 * headers. Tokenize the whole rendered conversation, not the pieces, since BPE merges across piece boundaries.
 *
 * @param tokens        the token ids and their character ranges
 * @param levelPerToken per token, {@link ReasoningLevel#index()} or {@link #UNLABELLED}
 */
public record LevelMasks(TokenizedText tokens, int[] levelPerToken) {

    /** The label of a token outside every span. */
    public static final int UNLABELLED = -1;

    public LevelMasks {
        if (tokens == null || levelPerToken == null || levelPerToken.length != tokens.size()) {
            throw new IllegalArgumentException("need one level per token");
        }
        for (int level : levelPerToken) {
            if (level < UNLABELLED || level >= ReasoningLevel.values().length) {
                throw new IllegalArgumentException("bad level label " + level);
            }
        }
        levelPerToken = levelPerToken.clone();
    }

    /** Tokenizes {@code trace.text()} and labels it with the trace's spans. */
    public static LevelMasks of(Tokenizer tokenizer, SegmentedTrace trace) {
        return of(tokenizer.encodeWithOffsets(trace.text()), trace.text(), trace.spans(), 0);
    }

    /**
     * Tokenizes a whole rendered conversation and labels the trace in it; the trace's text must occur in
     * {@code conversation} (its last occurrence is used, as the response comes after the prompt).
     */
    public static LevelMasks of(Tokenizer tokenizer, String conversation, SegmentedTrace trace) {
        int offset = conversation.lastIndexOf(trace.text());
        if (offset < 0) {
            throw new IllegalArgumentException("the trace's text does not occur in the conversation");
        }
        return of(tokenizer.encodeWithOffsets(conversation), conversation, trace.spans(), offset);
    }

    /**
     * Tokenizes a whole rendered conversation and labels the trace that starts at {@code offset} in it.
     *
     * @throws IllegalArgumentException when the conversation does not hold the trace's text at {@code offset}
     */
    public static LevelMasks of(Tokenizer tokenizer, String conversation, int offset, SegmentedTrace trace) {
        if (offset < 0 || !conversation.startsWith(trace.text(), offset)) {
            throw new IllegalArgumentException("the conversation does not hold the trace's text at offset " + offset);
        }
        return of(tokenizer.encodeWithOffsets(conversation), conversation, trace.spans(), offset);
    }

    /**
     * Labels tokens of {@code text}; each span is moved by {@code offset} first (spans relative to a trace that
     * starts at {@code offset} in {@code text}). Spans must be in order and not overlap.
     */
    public static LevelMasks of(TokenizedText tokens, String text, List<LevelSpan> spans, int offset) {
        int[] nonSpace = new int[text.length() + 1]; // nonSpace[i] = non-whitespace characters before i
        for (int i = 0; i < text.length(); i++) {
            nonSpace[i + 1] = nonSpace[i] + (Character.isWhitespace(text.charAt(i)) ? 0 : 1);
        }
        for (int i = 0; i < spans.size(); i++) {
            LevelSpan span = spans.get(i);
            if (span.start() + offset < 0 || span.end() + offset > text.length()) {
                throw new IllegalArgumentException("span " + i + " at offset " + offset + " lies outside the text");
            }
            if (i > 0 && span.start() < spans.get(i - 1).end()) {
                throw new IllegalArgumentException("span " + i + " overlaps or precedes span " + (i - 1));
            }
        }
        int[] levels = new int[tokens.size()];
        int first = 0; // first span that can still overlap a token; token starts never decrease
        for (int t = 0; t < tokens.size(); t++) {
            int s = Math.min(tokens.start(t), text.length());
            int e = Math.min(tokens.end(t), text.length());
            while (first < spans.size() && spans.get(first).end() + offset <= s) first++;
            int best = UNLABELLED;
            int bestNonSpace = 0;
            int bestAll = 0;
            for (int k = first; k < spans.size() && spans.get(k).start() + offset < e; k++) {
                int from = Math.max(s, spans.get(k).start() + offset);
                int to = Math.min(e, spans.get(k).end() + offset);
                int all = to - from;
                int nonWs = nonSpace[to] - nonSpace[from];
                // strictly greater: a tie keeps the earlier span
                if (all > 0 && (nonWs > bestNonSpace || (nonWs == bestNonSpace && all > bestAll))) {
                    best = spans.get(k).level().index();
                    bestNonSpace = nonWs;
                    bestAll = all;
                }
            }
            levels[t] = best;
        }
        return new LevelMasks(tokens, levels);
    }

    @Override
    public int[] levelPerToken() {
        return levelPerToken.clone();
    }

    public int size() {
        return levelPerToken.length;
    }

    /** The level of token {@code token}, empty when unlabelled. */
    public Optional<ReasoningLevel> level(int token) {
        int label = levelPerToken[token];
        return label == UNLABELLED ? Optional.empty() : Optional.of(ReasoningLevel.values()[label]);
    }

    /** 1 where a token has {@code level}, else 0: the weight vector of that level's cross-entropy. */
    public float[] mask(ReasoningLevel level) {
        float[] mask = new float[levelPerToken.length];
        for (int i = 0; i < mask.length; i++) mask[i] = levelPerToken[i] == level.index() ? 1f : 0f;
        return mask;
    }

    /** 1 where a token has any level: every token some loss term trains. */
    public float[] labelledMask() {
        float[] mask = new float[levelPerToken.length];
        for (int i = 0; i < mask.length; i++) mask[i] = levelPerToken[i] == UNLABELLED ? 0f : 1f;
        return mask;
    }

    /** Number of tokens at {@code level}. */
    public int count(ReasoningLevel level) {
        int n = 0;
        for (int label : levelPerToken) if (label == level.index()) n++;
        return n;
    }
}
