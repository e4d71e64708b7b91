package org.reasonbridge.model.input;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NamesTest {
    static final List<String> KEYS = List.of("learningRate", "warmupRatio", "epochs", "maxSteps", "batchSize", "lora",
            "train", "generate", "preset");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "lerningRate, learningRate",   // a letter left out
            "learningrate, learningRate",  // case
            "epoch, epochs",               // a prefix
            "trian, train",                // two letters swapped
            "lroa, lora",
            "genrate, generate",
            "batch_size, batchSize",
            "temperature, none",           // nothing close
            "x, none",
    })
    void suggestsOnlyCloseNames(String given, String expected) {
        assertEquals(expected, Names.closest(given, KEYS).orElse(null));
    }
}
