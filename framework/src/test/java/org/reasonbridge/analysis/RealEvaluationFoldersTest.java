package org.reasonbridge.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.data.Problem;
import org.reasonbridge.demo.Exercise;
import org.reasonbridge.demo.MiniDomain;
import org.reasonbridge.demo.MiniTeacher;
import org.reasonbridge.demo.TeacherServer;
import org.reasonbridge.demo.TeacherStyle;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.eval.EvalOptions;
import org.reasonbridge.eval.EvaluationRun;
import org.reasonbridge.grading.Grader;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.model.json.Json;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analysis reads what {@link EvaluationRun} really writes: two mini world teachers (one terse and clean, one that
 * slips and corrects itself and sometimes errs) answer the same problems over OpenAI's wire on loopback; their
 * output folders go through the tables, a claim and the case study.
 */
class RealEvaluationFoldersTest {
    private static Benchmark benchmark() {
        SplittableRandom r = new SplittableRandom(3);
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            MiniDomain d = MiniDomain.values()[i % MiniDomain.values().length];
            Exercise e = d.generate(r, 1 + i % 5);
            problems.add(new Problem("m" + i, e.text(), e.answer(), List.of(), Map.of("subject", d.id())));
        }
        return new Benchmark("mini", Grader.MATH, problems);
    }

    private static Path evaluate(TeacherStyle style, String name, Benchmark b, Path dir) throws Exception {
        try (TeacherServer server = TeacherServer.start(new MiniTeacher(style), TeacherServer.ThinkingField.THINK_TAGS, name, 0)) {
            var solver = new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(server.baseUrl())), server.modelName());
            Path out = dir.resolve(name);
            EvaluationRun.run(b, solver, EvalOptions.defaults(), out);
            return out;
        }
    }

    @Test
    void tablesClaimsAndTheCaseStudyFromRealOutputFolders(@TempDir Path dir) throws Exception {
        Benchmark b = benchmark();
        Path terse = evaluate(TeacherStyle.defaults().withoutFlaws().withCorrections(0, 0), "terse", b, dir);
        Path checking = evaluate(TeacherStyle.defaults().withCorrections(0.4, 0.4), "checking", b, dir);
        RunFolder t = RunFolder.load(terse), c = RunFolder.load(checking);
        assertEquals(28, t.n());
        assertEquals("mini", t.benchmark());
        JsonNode results = Json.MAPPER.readTree(checking.resolve(EvaluationRun.RESULTS).toFile());
        assertEquals(results.path("metrics").path("accuracy").asDouble(), c.accuracy(), 1e-12, "pass@1 as the run counted it");
        assertEquals(1.0, t.accuracy(), 1e-12, "a clean teacher is always right");

        List<LabelledRun> runs = List.of(new LabelledRun("terse", "", null, null, t), new LabelledRun("checking", "", null, null, c));
        Table t1 = PaperTables.table1(runs, BootstrapConfig.DEFAULT);
        assertEquals(List.of("terse", "checking"), t1.stringColumn("model").asList());
        Table groups = PaperTables.breakdown(runs, BootstrapConfig.DEFAULT);
        assertEquals(2 * MiniDomain.values().length, groups.rowCount(), groups.print());
        Claim claim = Claim.compare("terse > checking", t, c, BootstrapConfig.DEFAULT);
        assertEquals(t.accuracy() - c.accuracy(), claim.delta(), 1e-12);

        Table side = CaseStudy.compare("terse", t, "checking", c, StepClassifier.standard());
        System.out.println(side.print());
        double terseBacktracks = side.doubleColumn("terse").get(9), checkingBacktracks = side.doubleColumn("checking").get(9);
        assertEquals("backtracking rate", side.stringColumn("metric").get(9));
        assertEquals(0.0, terseBacktracks, 1e-12, "the terse teacher never writes a correction");
        assertTrue(checkingBacktracks > 0, "the checking teacher corrects slips: " + checkingBacktracks);
        assertEquals(1.0, side.doubleColumn("terse").get(8), 1e-12, "every trace of the teacher ends with a check");
    }
}
