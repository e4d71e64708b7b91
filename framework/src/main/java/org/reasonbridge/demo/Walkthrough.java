package org.reasonbridge.demo;

import org.reasonbridge.curation.CurationInputs;
import org.reasonbridge.curation.CurationListener;
import org.reasonbridge.curation.CurationPipeline;
import org.reasonbridge.curation.CurationResult;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.teacher.LmTeacher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recipe the notebooks under {@code notebooks/} share, so that each runs on its own in a minute or two: a
 * pocket-sized mini world, curated by the mini teacher (served on loopback, as a real teacher is) with a tiny
 * random model as the difficulty solver, and the tiny student the later notebooks train and steer. The first
 * curation notebook makes the same calls one by one; later notebooks call {@link #curate} to get there in one.
 * Everything lands under one folder and is reused: the teacher's and the solver's journals make a second run
 * cheap, and model folders are written once.
 */
public final class Walkthrough {
    /** Problems selected: s1 takes 1,000 of 59,000; the pocket world's 300 give 60. */
    public static final int SELECTED = 60;
    /** Decoder layers of the student: 3, so each third of the depth (strategic, tactical, operational) has one. */
    public static final int STUDENT_LAYERS = 3;

    private Walkthrough() {
    }

    /** About 330 pool records (300 distinct problems and the planted cases) and 3 test items per domain and level. */
    public static WorldConfig pocket() {
        return new WorldConfig(7, 150, 80, 70, 6, 8, 6, 4, 3, 3, 3, 3);
    }

    /**
     * The tiny student's base: the {@code tiny} preset (hidden 64, vocabulary 512, the cut Qwen tokenizer) with
     * {@link #STUDENT_LAYERS} layers and seeded random weights, in {@code dir/student-base} (written once).
     */
    public static Path student(Path dir) {
        return randomModel(dir.resolve("student-base"), ModelPreset.TINY.config(ModelFamily.QWEN2).withNumLayers(STUDENT_LAYERS), 1);
    }

    /** The difficulty stage's solver: an untrained tiny model, which fails every problem. */
    public static Path solver(Path dir) {
        return randomModel(dir.resolve("solver"), ModelPreset.TINY.config(ModelFamily.QWEN2), 9);
    }

    /**
     * The pocket world written to {@code dir/world}, curated into {@code dir/curated} ({@code reason1k.jsonl} and
     * the audit), {@link #SELECTED} selected with seed 0.
     */
    public static CurationResult curate(Path dir, CurationListener listener) {
        MiniWorld world = MiniWorld.build(pocket());
        WorldFiles files = world.write(dir.resolve("world"));
        try (TeacherServer server = TeacherServer.start(new MiniTeacher(TeacherStyle.defaults()));
             Model solver = Model.load(solver(dir))) {
            LmTeacher teacher = new LmTeacher(new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(server.baseUrl())),
                    server.modelName()), 4096);
            CurationInputs inputs = CurationInputs.builder()
                    .pools(files.manifests().toArray(Path[]::new))
                    .decontaminate(world.benchmarks().toArray(Benchmark[]::new))
                    .teacher(teacher)
                    .difficulty(DifficultyFilter.of(TestTimePolicy.named(TestTimePolicy.NONE).local(solver)).withMaxTokens(4))
                    .size(SELECTED).seed(0)
                    .build();
            return CurationPipeline.run(inputs, dir.resolve("curated"), CurationStage.POOL, listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mini teacher", e);
        }
    }

    /** The training file {@link #curate} writes. */
    public static Path trainingData(Path dir) {
        return dir.resolve("curated").resolve(CurationStage.SELECTION.file);
    }

    private static Path randomModel(Path folder, ModelConfig config, long seed) {
        if (!Files.isRegularFile(folder.resolve("config.json"))) RandomCheckpoint.write(folder, config, seed, DType.F32);
        return folder;
    }
}
