package org.reasonbridge.model.generate;

/**
 * What a {@link DecodeHook} decides at a step: keep the sampled token, replace it, splice in a sequence of
 * tokens instead, take back tokens already generated and splice, or end the row.
 */
public sealed interface DecodeAction {
    /** Keep the token the sampler proposed. */
    record Accept() implements DecodeAction {
    }

    /** Emit {@code token} instead of the proposed one. */
    record Replace(int token) implements DecodeAction {
    }

    /** Emit {@code tokens} (at least one) instead of the proposed token; the hook is not asked about them. */
    record Splice(int[] tokens) implements DecodeAction {
        public Splice {
            if (tokens.length == 0) throw new IllegalArgumentException("a splice needs at least one token");
            tokens = tokens.clone();
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }
    }

    /**
     * Take back the row's generated tokens from index {@code keep} on (they leave the text and the attention
     * cache, as if never generated) and emit {@code tokens} (at least one) instead of the proposed token: how a hook
     * cuts an unproductive stretch and redirects it.
     */
    record Rewind(int keep, int[] tokens) implements DecodeAction {
        public Rewind {
            if (keep < 0) throw new IllegalArgumentException("keep must be >= 0, got " + keep);
            if (tokens.length == 0) throw new IllegalArgumentException("a rewind needs at least one token to emit");
            tokens = tokens.clone();
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }
    }

    /** End this row now, without emitting the proposed token. */
    record Stop() implements DecodeAction {
    }

    static DecodeAction accept() {
        return new Accept();
    }

    static DecodeAction replace(int token) {
        return new Replace(token);
    }

    static DecodeAction splice(int... tokens) {
        return new Splice(tokens);
    }

    static DecodeAction rewind(int keep, int... tokens) {
        return new Rewind(keep, tokens);
    }

    static DecodeAction stop() {
        return new Stop();
    }
}
