package org.reasonbridge.model.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.Fixtures;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigReaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // folder,          family,  theta,   eps,   tied,  qkvBias, windows, experts
            "qwen2-tiny,        QWEN2,   1000000, 1e-6,  true,  true,    0;0,     0",
            "qwen2-tiny-v5,     QWEN2,   1000000, 1e-6,  true,  true,    0;0,     0",
            "qwen2-tiny-bf16,   QWEN2,   1000000, 1e-6,  true,  true,    0;0,     0",
            "llama-tiny,        LLAMA,   500000,  1e-5,  false, false,   0;0,     0",
            "mistral-tiny-swa,  MISTRAL, 10000,   1e-5,  false, false,   8;8,     0",
            "mixtral-tiny,      MIXTRAL, 1000000, 1e-5,  false, false,   0;0,     4",
    })
    void readsEveryFixture(String folder, ModelFamily family, double theta, double eps, boolean tied, boolean qkvBias,
                           String windows, int experts) {
        ModelConfig c = ModelConfigReader.read(Fixtures.model(folder));
        assertEquals(family, c.family());
        assertEquals(theta, c.ropeTheta());
        assertEquals(eps, c.rmsNormEps());
        assertEquals(tied, c.tieWordEmbeddings());
        assertEquals(qkvBias, c.qkvBias());
        assertEquals(List.of(windows.split(";")).stream().map(Integer::valueOf).toList(), c.layerWindows());
        assertEquals(experts, c.numExperts());
        assertEquals(16, c.headDim());
        assertEquals(2, c.groupSize());
        assertEquals(List.of(509), c.eosTokenIds());
    }

    private static ModelConfig parse(Path dir, String json) throws IOException {
        Files.writeString(dir.resolve("config.json"), json);
        return ModelConfigReader.read(dir);
    }

    private static final String BASE = """
            {"model_type": "llama", "vocab_size": 32, "hidden_size": 16, "intermediate_size": 32,
             "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2 %s}""";

    /** Each hostile or unsupported config fails with a message naming the file and this fragment. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown model_type   | {\"model_type\": \"gpt2\"}                                     | unknown model_type 'gpt2'",
            "missing model_type   | {\"vocab_size\": 3}                                            | missing key 'model_type'",
            "not an object        | [1, 2]                                                         | top level must be a JSON object",
            "truncated JSON       | {\"model_type\": \"llama\", \"vocab_size\":                    | malformed JSON",
            "duplicate key        | {\"model_type\": \"llama\", \"model_type\": \"qwen2\"}         | malformed JSON",
            "missing hidden_size  | {\"model_type\": \"llama\"}                                    | missing key 'hidden_size'",
            "string for an int    | BASE:, \"max_position_embeddings\": \"32\"                      | 'max_position_embeddings' must be an integer",
            "fraction for an int  | BASE:, \"head_dim\": 4.5                                        | 'head_dim' must be an integer",
            "negative size        | BASE:, \"head_dim\": -4                                         | 'head_dim' must be between 1 and 4096, got -4",
            "negative layers      | {\"model_type\": \"llama\", \"vocab_size\": 32, \"hidden_size\": 16, \"intermediate_size\": 32, \"num_hidden_layers\": -1, \"num_attention_heads\": 4} | 'num_hidden_layers' must be between 1 and 1024, got -1",
            "absurd layers        | {\"model_type\": \"llama\", \"vocab_size\": 32, \"hidden_size\": 16, \"intermediate_size\": 32, \"num_hidden_layers\": 2000000000, \"num_attention_heads\": 4} | 'num_hidden_layers' must be between 1 and 1024, got 2000000000",
            "absurd vocabulary    | {\"model_type\": \"llama\", \"vocab_size\": 2000000000, \"hidden_size\": 16, \"intermediate_size\": 32, \"num_hidden_layers\": 2, \"num_attention_heads\": 4} | 'vocab_size' must be between 1 and 8388608",
            "zero heads           | {\"model_type\": \"llama\", \"vocab_size\": 32, \"hidden_size\": 16, \"intermediate_size\": 32, \"num_hidden_layers\": 2, \"num_attention_heads\": 0} | 'num_attention_heads' must be between 1",
            "negative context     | BASE:, \"max_position_embeddings\": -5                        | 'max_position_embeddings' must be >= 0",
            "absurd experts       | {\"model_type\": \"mixtral\", \"vocab_size\": 32, \"hidden_size\": 16, \"intermediate_size\": 32, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_local_experts\": 99999} | 'num_local_experts' must be between 1 and 1024",
            "heads not multiple   | {\"model_type\": \"qwen2\", \"vocab_size\": 8, \"hidden_size\": 16, \"intermediate_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"num_key_value_heads\": 3} | must be a multiple of num_key_value_heads",
            "gelu activation      | BASE:, \"hidden_act\": \"gelu\"                                 | hidden_act 'gelu' is not supported",
            "dynamic rope         | BASE:, \"rope_scaling\": {\"type\": \"dynamic\", \"factor\": 2} | rope_scaling type 'dynamic' is not supported",
            "yarn rope (v5)       | BASE:, \"rope_parameters\": {\"rope_type\": \"yarn\", \"factor\": 4, \"rope_theta\": 1e6} | rope_scaling type 'yarn' is not supported",
            "linear without factor| BASE:, \"rope_scaling\": {\"type\": \"linear\"}                | missing key 'rope_scaling.factor'",
            "rope_scaling a list  | BASE:, \"rope_scaling\": [1]                                    | 'rope_scaling' must be an object",
            "bad layer_types      | BASE:, \"layer_types\": [\"full_attention\"]                     | layer_types must list num_hidden_layers",
            "odd head_dim         | BASE:, \"head_dim\": 5                                          | head_dim must be even",
            "infinite rope_theta  | BASE:, \"rope_theta\": 1e400                                   | rope_theta must be > 0 and finite, got Infinity",
            "zero rms_norm_eps    | BASE:, \"rms_norm_eps\": 0                                     | rms_norm_eps must be > 0 and finite",
            "eos outside vocab    | BASE:, \"eos_token_id\": [1, 32]                               | eos_token_id 32 is not a token id of the vocabulary [0, 32)",
            "negative bos         | BASE:, \"bos_token_id\": -7                                    | bos_token_id -7 is not a token id",
            "text for a number    | BASE:, \"rms_norm_eps\": \"1e-6\"                              | 'rms_norm_eps' must be a number",
    })
    void refusesWithFileAndReason(String name, String json, String fragment, @TempDir Path dir) throws IOException {
        String text = json.startsWith("BASE:") ? BASE.formatted(json.substring(5)) : json;
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> parse(dir, text));
        assertTrue(e.getMessage().contains(dir.resolve("config.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void missingFileAndHugeFileAreNamed(@TempDir Path dir) throws IOException {
        ModelConfigException missing = assertThrows(ModelConfigException.class, () -> ModelConfigReader.read(dir));
        assertTrue(missing.getMessage().contains("config.json") && missing.getMessage().contains("no such file"),
                missing.getMessage());
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("config.json").toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: a 1 GiB "config" must be refused without reading it
        }
        ModelConfigException huge = assertThrows(ModelConfigException.class, () -> ModelConfigReader.read(dir));
        assertTrue(huge.getMessage().contains("too large for a model's config.json"), huge.getMessage());
    }

    @Test
    void defaultsFollowTransformers(@TempDir Path dir) throws IOException {
        ModelConfig llama = parse(dir, BASE.formatted(""));
        assertEquals(4, llama.headDim());
        assertEquals(10000.0, llama.ropeTheta());
        assertEquals(List.of(0, 0), llama.layerWindows());
        assertFalse(llama.tieWordEmbeddings());
        ModelConfig mistral = parse(dir, BASE.replace("llama", "mistral").formatted(""));
        assertEquals(List.of(4096, 4096), mistral.layerWindows(), "MistralConfig's default window");
        ModelConfig noWindow = parse(dir, BASE.replace("llama", "mistral").formatted(", \"sliding_window\": null"));
        assertEquals(List.of(0, 0), noWindow.layerWindows());
        ModelConfig qwen = parse(dir, BASE.replace("llama", "qwen2").formatted(
                ", \"use_sliding_window\": true, \"sliding_window\": 6, \"max_window_layers\": 1"));
        assertEquals(List.of(0, 6), qwen.layerWindows(), "Qwen2 slides from max_window_layers on");
        ModelConfig v5 = parse(dir, BASE.replace("llama", "mistral").formatted(
                ", \"sliding_window\": 3, \"layer_types\": [\"sliding_attention\", \"full_attention\"]"));
        assertEquals(List.of(3, 0), v5.layerWindows());
        ModelConfig eosList = parse(dir, BASE.formatted(", \"eos_token_id\": [1, 2], \"attention_bias\": true"));
        assertEquals(List.of(1, 2), eosList.eosTokenIds());
        assertTrue(eosList.qkvBias() && eosList.oBias());
    }

    @Test
    void ropeScalingFrequencies() {
        double[] plain = RopeScaling.NONE.inverseFrequencies(10000, 8);
        assertArrayEquals(new double[]{1, 0.1, 0.01, 0.001}, plain, 1e-12);
        double[] linear = new RopeScaling("linear", 4, 0, 0, 0).inverseFrequencies(10000, 8);
        assertArrayEquals(new double[]{0.25, 0.025, 0.0025, 0.00025}, linear, 1e-12);
        // llama3 (Llama 3.1 values): high frequencies kept, low ones divided by factor, the band between smoothed
        RopeScaling l3 = new RopeScaling("llama3", 8, 1, 4, 8192);
        double[] f = l3.inverseFrequencies(500000, 128);
        double[] base = RopeScaling.NONE.inverseFrequencies(500000, 128);
        assertEquals(base[0], f[0], 1e-15);
        assertEquals(base[63] / 8, f[63], 1e-15);
        for (int j = 0; j < 64; j++) assertTrue(f[j] <= base[j] && f[j] >= base[j] / 8 - 1e-18);
    }

    @Test
    void writerRoundTrips(@TempDir Path dir) throws IOException {
        for (String folder : Fixtures.MODELS) {
            ModelConfig c = ModelConfigReader.read(Fixtures.model(folder));
            Files.writeString(dir.resolve("config.json"), ModelConfigWriter.toJson(c));
            ModelConfig back = ModelConfigReader.read(dir);
            assertEquals(c, back, folder);
        }
    }
}
