package org.reasonbridge.demo;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Writes and reads one domain's problems. {@link #generate} states a random problem at a level; {@link #read} is its
 * inverse on any text in the domain's phrasing (extra words around it and extra spaces are ignored), which is how
 * the teacher understands a prompt.
 */
interface Generator {
    /** Levels run from 1 to this. */
    int MAX_LEVEL = 5;

    /** A new problem at {@code level}, drawing only from {@code random}. */
    Exercise generate(SplittableRandom random, int level);

    /** The problem {@code text} states, if it is in this domain's phrasing. */
    Optional<Exercise> read(String text);

    static void checkLevel(int level) {
        if (level < 1 || level > MAX_LEVEL) throw new IllegalArgumentException("level must be 1.." + MAX_LEVEL + ": " + level);
    }

    /** Whitespace collapsed, so that respaced copies read the same. */
    static String squash(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
