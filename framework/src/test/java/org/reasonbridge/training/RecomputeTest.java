package org.reasonbridge.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code recompute} setting: the documented rule of {@code auto}, the config key and the system property. */
class RecomputeTest {
    @ParameterizedTest(name = "{0} at {1} x {2}: {3}")
    @CsvSource({
            "auto,   1,  128,  false", // the small preset's bench step: no rerun
            "auto,   1, 1023,  false",
            "auto,   1, 1024,  true",
            "auto,   2,  512,  true",  // token positions, padding included: rows x length
            "auto,   1, 4096,  true",
            "layers, 1,    8,  true",
            "off,    1, 8192,  false",
    })
    void decidesByTheBatchShape(String mode, int rows, int length, boolean recomputes) {
        assertEquals(recomputes, Recompute.of(mode).at(rows, length));
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
