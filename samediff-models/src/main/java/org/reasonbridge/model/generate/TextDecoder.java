package org.reasonbridge.model.generate;

/** Turns token ids into text; the tokenizer, or a stand-in in tests of the generator alone. */
@FunctionalInterface
public interface TextDecoder {
    String decode(int[] ids);
}
