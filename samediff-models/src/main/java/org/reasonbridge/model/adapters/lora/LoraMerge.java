package org.reasonbridge.model.adapters.lora;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reasonbridge.model.adapters.AdapterSet;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelConfigReader;
import org.reasonbridge.model.io.Checkpoint;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.model.io.SafetensorsWriter;
import org.reasonbridge.model.transformer.ModelNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Folds LoRA into the base weights, {@code W' = W + (alpha/r) · B A} on every target projection, which is exactly
 * what {@link LoraHooks} adds at run time ({@code x W'^T = x W^T + scale · x A^T B^T}), and writes the result as a
 * Hugging Face model folder any engine loads: the base folder's config, generation config, tokenizer and template
 * files copied, the weights in the base checkpoint's dtype ({@code model.safetensors}, sharded past 5 GB as
 * {@code save_pretrained} does). The merge is computed in float64. The whole model is held in memory as FP32.
 */
public final class LoraMerge {
    /** Shard size of the written checkpoint, {@code save_pretrained}'s default. */
    static final long SHARD_BYTES = 5_000_000_000L;

    private LoraMerge() {
    }

    /** The merged value of every projection LoRA targets, by the base tensor's name. */
    public static Map<String, INDArray> merged(Checkpoint base, AdapterSet adapters) throws IOException {
        if (!(adapters.config() instanceof LoraConfig lora)) {
            throw new IllegalArgumentException(adapters.config().method() + " adapters are not linear in the weights and "
                    + "cannot be folded into them: serve them with the base (serve --adapters)");
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String aName : adapters.tensors().keySet()) {
            if (!aName.endsWith(".lora_A.weight")) continue;
            String projection = aName.substring(0, aName.length() - ".lora_A.weight".length());
            INDArray a = adapters.tensors().get(aName).castTo(DataType.DOUBLE);                         // [r, in]
            INDArray b = adapters.tensors().get(ModelNames.weight(LoraConfig.loraB(projection))).castTo(DataType.DOUBLE); // [out, r]
            String weight = ModelNames.weight(projection);
            INDArray w = base.readFloat(weight).castTo(DataType.DOUBLE);                               // [out, in]
            out.put(weight, w.add(b.mmul(a).muli(lora.scale())).castTo(DataType.FLOAT));               // [out, in]
        }
        return out;
    }

    /** Writes {@code modelDir} with {@code adapterDir}'s LoRA folded in to {@code outDir} (which must not be either). */
    public static void export(Path modelDir, Path adapterDir, Path outDir) {
        ModelConfig config = ModelConfigReader.read(modelDir);
        AdapterSet adapters = AdapterSet.load(adapterDir, config);
        try (Checkpoint base = Checkpoint.open(modelDir)) {
            Map<String, INDArray> merged = merged(base, adapters);
            DType dtype = dtypeOf(base);
            SafetensorsWriter w = new SafetensorsWriter(dtype).metadata("format", "pt");
            for (String name : new TreeSet<>(base.names())) w.add(name, merged.containsKey(name) ? merged.get(name) : base.readFloat(name));
            Files.createDirectories(outDir);
            copyModelFiles(modelDir, outDir);
            w.writeSharded(outDir, SHARD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write the merged model: " + e.getMessage(), e);
        }
    }

    /** The base's weight dtype when it can be written (F32, BF16, F16), else F32. */
    private static DType dtypeOf(Checkpoint base) throws IOException {
        for (String n : base.names()) {
            DType t = base.info(n).dtype();
            return t.writable() ? t : DType.F32;
        }
        return DType.F32;
    }

    /** Everything of the base folder but its weights: config, generation config, tokenizer, template, licence. */
    private static void copyModelFiles(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".safetensors") || n.equals(SafetensorsWriter.INDEX_FILE) || n.startsWith(".")
                        || List.of("adapter_config.json", "adapter_model.safetensors").contains(n)) continue;
                Files.copy(f, to.resolve(n), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
