package org.reasonbridge.model.tokenizer;

/**
 * Token ids of a text with each token's character range {@code [starts[i], ends[i])} in the Java string (UTF-16
 * units), as {@link Tokenizer#encodeWithOffsets(String)} makes them.
 *
 * <p>Ranges are not a partition of the text: whitespace the normaliser drops or a combining mark it composes may
 * belong to no token, and the byte-level tokens that split one multi-byte character (an emoji is often 2 to 4
 * tokens) all carry that whole character's range, so neighbours can share a range. Starts never decrease.
 * The arrays are copied in and out, so a record is immutable; {@link #id(int)} and friends read without copying.
 */
public record TokenizedText(int[] ids, int[] starts, int[] ends) {

    public TokenizedText {
        if (ids == null || starts == null || ends == null) {
            throw new IllegalArgumentException("ids, starts and ends must not be null");
        }
        if (starts.length != ids.length || ends.length != ids.length) {
            throw new IllegalArgumentException("ids, starts and ends differ in length: "
                    + ids.length + ", " + starts.length + ", " + ends.length);
        }
        for (int i = 0; i < ids.length; i++) {
            if (starts[i] < 0 || ends[i] < starts[i]) {
                throw new IllegalArgumentException("token " + i + ": bad range [" + starts[i] + ", " + ends[i] + ")");
            }
        }
        ids = ids.clone();
        starts = starts.clone();
        ends = ends.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] starts() {
        return starts.clone();
    }

    @Override
    public int[] ends() {
        return ends.clone();
    }

    /** Number of tokens. */
    public int size() {
        return ids.length;
    }

    public int id(int token) {
        return ids[token];
    }

    public int start(int token) {
        return starts[token];
    }

    public int end(int token) {
        return ends[token];
    }
}
