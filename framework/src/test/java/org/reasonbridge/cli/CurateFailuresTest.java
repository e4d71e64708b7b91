package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.CurationInputs;
import org.reasonbridge.curation.CurationPipeline;
import org.reasonbridge.curation.CurationStage;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.http.RetryPolicy;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.lm.OpenAiChatModel;
import org.reasonbridge.model.Model;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code curate} in {@link CurateFixture}'s world when something is wrong: each case ends with a non-zero exit and a
 * message that says what to do, before the paid calls where that can be known in advance; and the keys that make a
 * rerun reuse what was paid for do not depend on how a path was typed.
 */
class CurateFailuresTest extends CurateFixture {
    /** The shipped manifests point at downloads that are not there: refused naming the file and where to get it. */
    @Test
    void shippedManifestsWithoutTheirDownloadsAreRefused(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        for (String name : List.of("numinamath-cot", "numinamath-1.5", "s1-59k")) {
            Path manifest = Files.createDirectories(tmp.resolve("pools")).resolve(name + ".json");
            Files.copy(Path.of("../datasets/pools/" + name + ".json"), manifest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            CliRun.Result r = CliRun.run(args(manifest, in[1], tmp.resolve("out-" + name)));
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("no such file") && r.err().contains("download the pool from https://huggingface.co/datasets/")
                    && r.err().contains(tmp.resolve("downloads/pools").toString()), r.err());
        }
        assertTrue(requests.isEmpty(), "nothing asked: " + requests);
    }

    /** A manifest that maps no answer (or whose answer_from finds none) is refused before any teacher call. */
    @Test
    void aPoolWithoutAnyReferenceAnswerIsRefusedBeforeTheTeacher(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        String noAnswer = Files.readString(in[0]).replace("\"answer\": \"final\"", "\"answer\": null");
        Files.writeString(in[0], noAnswer);
        CliRun.Result r = CliRun.run(args(in[0], in[1], tmp.resolve("out")));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("pool 'fake'") && r.err().contains("none of its 25 problems has a reference answer")
                && r.err().contains("set fields.answer") && r.err().contains("answer_from"), r.err());
        // the solutions hold no \boxed{}: answer_from finds nothing, and says so
        Files.writeString(in[0], noAnswer.replace("\"answer\": null, \"solution\": null", "\"answer\": null, \"answer_from\": "
                + "\"solution-boxed\", \"solution\": \"problem\""));
        CliRun.Result boxed = CliRun.run(args(in[0], in[1], tmp.resolve("out2")));
        assertEquals(1, boxed.code(), boxed.err());
        assertTrue(boxed.err().contains("answer_from is \"solution-boxed\", but no solution (field 'problem') holds a \\boxed{}"), boxed.err());
        assertTrue(requests.isEmpty(), "nothing asked: " + requests);
        assertTrue(Files.readString(tmp.resolve("out/pool-audit.jsonl")).contains("\"reason\":\"no-reference\""),
                "the drops are audited");
    }

    /** A wrong URL: one problem tried, nothing marked failed, and the rerun with the right URL needs no --retry-failed. */
    @Test
    void aWrongTeacherUrlStopsAfterTheFirstProblem(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String[] wrong = args(in[0], in[1], out);
        for (int i = 0; i < wrong.length; i++) if (wrong[i].equals(teacherUrl())) wrong[i] = "http://127.0.0.1:" + closed + "/v1";
        CliRun.Result r = CliRun.run(wrong);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("did not answer the first problem (fake:p1)") && r.err().contains("connection refused")
                && r.err().contains("--teacher-url") && r.err().contains("nothing is marked failed"), r.err());
        String journal = Files.readString(out.resolve("teacher-journal.jsonl"));
        assertTrue(!journal.contains("\"kind\":\"failed\"") && !journal.contains("fake:p2"), journal);

        CliRun.Result right = CliRun.run(args(in[0], in[1], out));
        assertEquals(0, right.code(), right.err());
        assertEquals(PROBLEMS, requests.size());
    }

    /** Failures journaled by an earlier run stay failed: the run says so, and --retry-failed asks again. */
    @Test
    void journaledFailuresNameRetryFailed(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        teacherRefuses = n -> true;
        CliRun.Result r = CliRun.run(args(in[0], in[1], out));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("teacher kept none of the 24 problems it was given (dropped: teacher-failed 24")
                && r.err().contains("HTTP 400") && r.err().contains("this model does not take such requests")
                && r.err().contains("--retry-failed"), r.err());

        teacherRefuses = n -> n % 2 == 0; // the teacher is fixed for half of them; the journal still says failed
        requests.clear();
        CliRun.Result again = CliRun.run(args(in[0], in[1], out));
        assertEquals(1, again.code(), again.err());
        assertTrue(again.err().contains("--retry-failed"), again.err());
        assertTrue(requests.isEmpty(), "a journaled failure is not asked again: " + requests);

        CliRun.Result retried = CliRun.run(args(in[0], in[1], out, "--retry-failed"));
        assertEquals(0, retried.code(), retried.err());
        assertEquals(PROBLEMS, requests.size());
        teacherRefuses = n -> false;
        CliRun.Result half = CliRun.run(args(in[0], in[1], out));
        assertEquals(0, half.code(), half.err());
        assertTrue(half.err().contains("12 problem(s) failed in an earlier run and were not asked again; add --retry-failed"), half.err());
    }

    /**
     * The difficulty journal knows a solver by what it is: the CLI given a relative path and the Java API given the
     * absolute one ask no solver again.
     */
    @Test
    void solverVerdictsAreKeyedOnTheModelNotOnTheTypedPath(@TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path out = tmp.resolve("out");
        Path relative = Path.of("").toAbsolutePath().relativize(in[1]);
        String[] cli = args(in[0], in[1], out);
        for (int i = 0; i < cli.length; i++) if (cli[i].equals(in[1].toString())) cli[i] = relative.toString();
        assertEquals(0, CliRun.run(cli).code());
        assertEquals(PROBLEMS, solverRequests.size());
        solverRequests.clear();
        String before = Files.readString(out.resolve("reason1k.jsonl"));

        Path link = Files.createSymbolicLink(tmp.resolve("same-solver"), in[1].toAbsolutePath());
        try (Model local = Model.load(link)) {
            String url = solverUrl();
            var endpoint = new OpenAiChatModel(new OpenAiClient(OpenAiClientConfig.of(url.substring(0, url.lastIndexOf('@')) + "/")), "s")
                    .retrying(RetryPolicy.defaults());
            CurationInputs inputs = CurationInputs.builder()
                    .difficulty(DifficultyFilter.of(TestTimePolicy.named(TestTimePolicy.NONE).local(local), endpoint).withMaxTokens(4))
                    .size(10).seed(3).build();
            var result = CurationPipeline.run(inputs, out, CurationStage.QUALITY);
            assertTrue(result.notes().contains("difficulty: 24 of 24 verdicts reused from difficulty.jsonl"), result.notes().toString());
        }
        assertTrue(solverRequests.isEmpty(), "asked again: " + solverRequests);
        assertEquals(before, Files.readString(out.resolve("reason1k.jsonl")));
        assertTrue(Files.notExists(out.resolve("difficulty.jsonl.prev")));
    }
}
