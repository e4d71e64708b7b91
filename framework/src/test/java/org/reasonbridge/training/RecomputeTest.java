package org.reasonbridge.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code recompute} setting: the documented rule of {@code auto}, the config key and the system property. */
class RecomputeTest {
    /** Rows, padded length, layers, hidden, MLP width: the demo's student, the small preset, Qwen2.5-0.5B's shape. */
    @ParameterizedTest(name = "{0} at {1} x {2} on {3} x {4}/{5}: {6}")
    @CsvSource({
            "auto,   16,  300,  3,  96,   256, false", // the demo's student, its longest adapter batches
            "auto,    1,  128,  8, 256,   688, false", // the small preset's bench step
            "auto,    1,  256, 24, 896,  4864, false", // 0.62 GB
            "auto,    1, 1024, 24, 896,  4864, true",  // 2.5 GB
            "auto,    2,  512, 24, 896,  4864, true",  // token positions, padding included: rows x length
            "layers,  1,    8,  2,  16,    32, true",
            "off,     1, 8192, 24, 896,  4864, false",
    })
    void decidesByTheEstimatedActivations(String mode, int rows, int length, int layers, int hidden, int intermediate,
                                          boolean recomputes) {
        assertEquals(recomputes, Recompute.of(mode).at(Recompute.keptBytes(rows, length, layers, hidden, intermediate)));
    }

    @Test
    void theConfigKeyDefaultsToAutoAndIsValidated() {
        assertEquals("auto", TrainingConfig.defaults().recompute());
        assertEquals("layers", TrainingConfig.parse("{\"recompute\": \"layers\"}", "t").recompute());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.parse("{\"recompute\": \"layer\"}", "cfg.json"));
        assertTrue(e.getMessage().contains("recompute must be auto, layers or off, got layer (did you mean 'layers'?)"),
                e.getMessage());
    }

    @Test
    void theSystemPropertyOverridesTheConfig() {
        System.setProperty(Recompute.PROPERTY, "Off");
        try {
            assertEquals(Recompute.OFF, Recompute.resolve("layers"));
            System.setProperty(Recompute.PROPERTY, "sometimes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recompute.resolve("auto"));
            assertTrue(e.getMessage().startsWith("-Dreasonbridge.recompute: recompute must be"), e.getMessage());
        } finally {
            System.clearProperty(Recompute.PROPERTY);
        }
        assertEquals(Recompute.LAYERS, Recompute.resolve("layers"));
    }
}
