package org.reasonbridge.curation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.curation.filter.KeywordDomainClassifier;
import org.reasonbridge.data.Problem;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import org.reasonbridge.teacher.FakeTeacherServer;
import org.reasonbridge.teacher.LmTeacher;
import org.reasonbridge.teacher.TeacherRun;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline as a notebook or a program uses it: the builder's defaults, one run against a local OpenAI-compatible
 * teacher (real sockets) with a tiny random model as the solver (it fails everything), and the Tablesaw views.
 */
class CurationPipelineTest {
    @Test
    void builderDefaults() {
        CurationInputs in = CurationInputs.builder().build();
        assertEquals(1000, in.size());
        assertEquals(0, in.seed());
        assertEquals(EnumSet.allOf(Ablation.class), in.ablations());
        assertTrue(in.domains() instanceof KeywordDomainClassifier);
        assertEquals(3, in.tokens().applyAsInt("three little words"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CurationPipeline.run(in, Path.of("unused")));
        assertTrue(e.getMessage().contains("no pool manifests"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CurationInputs.builder().size(0).build());
    }

    @Test
    void runsEndToEndAndShowsTables(@TempDir Path tmp) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            Problem p = FakeTeacherServer.problem(i);
            lines.add(org.reasonbridge.data.JsonLines.JSON.writeValueAsString(Map.of("uid", p.id(), "q", p.question(), "a", p.answer())));
        }
        Files.write(tmp.resolve("pool.jsonl"), lines);
        Path manifest = tmp.resolve("pool.json");
        Files.writeString(manifest, "{\"source\": \"fake\", \"description\": \"test pool\", \"origin\": null, \"files\": [\"pool.jsonl\"],"
                + " \"format\": null, \"fields\": {\"id\": \"uid\", \"problem\": \"q\", \"answer\": \"a\", \"solution\": null,"
                + " \"metadata\": []}, \"filters\": null}");
        Path solverDir = tmp.resolve("solver");
        RandomCheckpoint.write(solverDir, ModelPreset.TINY.config(ModelFamily.QWEN2), 9, DType.F32);
        try (FakeTeacherServer server = new FakeTeacherServer(0, 1, 600, 0); Model solver = Model.load(solverDir)) {
            LmTeacher teacher = new LmTeacher(new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(server.base() + "/v1")
                    .withRequestTimeout(Duration.ofSeconds(10))), "teacher-1"), 4096);
            CurationInputs in = CurationInputs.builder().pools(manifest).teacher(teacher)
                    .teacherOptions(new TeacherRun.Options(4, 0, 1, RetryPolicy.defaults(), 0))
                    .difficulty(DifficultyFilter.of(TestTimePolicy.named("none").local(solver)).withMaxTokens(4))
                    .size(5).seed(2).ablations(Ablation.RANDOM).build();
            List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());
            CurationResult r = CurationPipeline.run(in, tmp.resolve("out"), CurationStage.POOL,
                    (stage, done, total) -> progress.add(stage.id() + " " + done + "/" + total));
            assertTrue(progress.contains("teacher 12/12") && progress.contains("difficulty 12/12"), progress.toString());

            assertEquals(5, r.selected().size());
            Table summary = r.summary();
            assertEquals(List.of("pool", "pool/read", "pool/reference", "pool/decontaminate", "pool/dedup", "teacher", "quality",
                    "difficulty", "selection"), summary.stringColumn("stage").asList());
            assertEquals(List.of(12, 12), List.of(summary.intColumn("in").get(0), summary.intColumn("kept").get(5)));
            assertEquals(5, summary.intColumn("kept").get(8));
            assertEquals(5, (int) r.domains().intColumn("selected").sum());
            Table audit = r.auditTable();
            assertEquals(r.audit().size(), audit.rowCount());
            assertEquals(5, audit.where(audit.stringColumn("stage").isEqualTo("selection").and(audit.booleanColumn("kept").isTrue())).rowCount());
            // only the ablation asked for is written
            assertTrue(Files.exists(tmp.resolve("out/ablation-random.jsonl")));
            assertTrue(Files.notExists(tmp.resolve("out/ablation-no-quality.jsonl")));
            for (int i = 1; i <= 12; i++) assertEquals(1, server.count("p" + i));
        }
    }
}
