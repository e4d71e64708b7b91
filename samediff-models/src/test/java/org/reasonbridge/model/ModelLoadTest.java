package org.reasonbridge.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigWriter;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading a model folder: tensors are matched to the config by name and shape, with errors that name them. */
class ModelLoadTest {
    private static final ModelConfig TINY = ModelPreset.TINY.config(ModelFamily.LLAMA);

    record Tensor(float[] data, long... shape) {
    }

    /** A tiny Llama folder whose checkpoint is rewritten with {@code edit} applied to its tensors. */
    private static Path folder(Path dir, Consumer<Map<String, Tensor>> edit) throws IOException {
        Path src = dir.resolve("src");
        RandomCheckpoint.write(src, TINY, 1, DType.F32);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoint.open(src)) {
            for (String n : c.names()) tensors.put(n, new Tensor(c.readFloatArray(n), c.info(n).shape()));
        }
        edit.accept(tensors);
        Path out = Files.createDirectories(dir.resolve("edited"));
        Files.copy(src.resolve("config.json"), out.resolve("config.json"));
        SafetensorsWriter w = new SafetensorsWriter(DType.F32);
        tensors.forEach((n, t) -> w.add(n, t.data, t.shape));
        w.write(out.resolve("model.safetensors"));
        return out;
    }

    private static String loadError(Path folder) {
        Exception e = assertThrows(Exception.class, () -> Model.load(folder));
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append(" | ");
        return all.toString();
    }

    @Test
    void missingTensorIsNamed(@TempDir Path dir) throws IOException {
        String msg = loadError(folder(dir, t -> t.remove("model.layers.1.mlp.up_proj.weight")));
        assertTrue(msg.contains("model.layers.1.mlp.up_proj.weight") && msg.contains("missing"), msg);
        assertTrue(msg.contains(dir.resolve("edited").toString()), msg);
    }

    @Test
    void unexpectedTensorIsNamed(@TempDir Path dir) throws IOException {
        String msg = loadError(folder(dir, t -> t.put("model.layers.0.extra.weight", new Tensor(new float[]{1f, 2f}, 2))));
        assertTrue(msg.contains("model.layers.0.extra.weight") && msg.contains("unexpected"), msg);
    }

    @Test
    void misShapedTensorIsNamedWithBothShapes(@TempDir Path dir) throws IOException {
        String msg = loadError(folder(dir, t -> t.put("model.norm.weight", new Tensor(new float[32], 32))));
        assertTrue(msg.contains("model.norm.weight") && msg.contains("32") && msg.contains("64"), msg);
    }

    @Test
    void ignorableTensorsAreSkipped(@TempDir Path dir) throws IOException {
        Path ok = folder(dir, t -> t.put("model.layers.0.self_attn.rotary_emb.inv_freq", new Tensor(new float[8], 8)));
        try (Model m = Model.load(ok)) {
            assertEquals(2, m.logits(new int[]{3, 4}).length);
        }
    }

    @Test
    void configAndFolderErrors(@TempDir Path dir) throws IOException {
        assertTrue(loadError(dir.resolve("absent")).contains("absent"));
        Path noWeights = Files.createDirectories(dir.resolve("noweights"));
        Files.writeString(noWeights.resolve("config.json"), ModelConfigWriter.toJson(TINY));
        assertTrue(loadError(noWeights).contains("noweights"));
        Files.writeString(noWeights.resolve("config.json"), "{\"model_type\": \"gpt_neox\"}");
        assertTrue(loadError(noWeights).contains("unknown model_type 'gpt_neox'"));
    }

    @Test
    void modelWithoutTokenizerStillServesIds(@TempDir Path dir) throws IOException {
        Path m = folder(dir, t -> { });
        try (Model model = Model.load(m)) {
            assertEquals(3, model.logits(new int[]{1, 2, 3}).length);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.generate("hi"));
            assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
        }
    }
}
