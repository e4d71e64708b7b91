package org.reasonbridge.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.cli.HostileInput.Case;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reasonbridge.cli.HostileInput.args;
import static org.reasonbridge.cli.HostileInput.bom;
import static org.reasonbridge.cli.HostileInput.fails;
import static org.reasonbridge.cli.HostileInput.latin1;
import static org.reasonbridge.cli.HostileInput.truncated;
import static org.reasonbridge.cli.HostileInput.usage;
import static org.reasonbridge.cli.HostileInput.utf16;
import static org.reasonbridge.cli.HostileInput.works;

/**
 * {@code train} against hostile data, configs and output folders: one line saying what failed, where (file:line,
 * key) and what to do, and an earlier run's files untouched.
 */
class HostileTrainInputTest {
    static final String EXAMPLE = "{\"id\": \"a\", \"problem\": \"What is 2+3?\", \"trace\": \"<strategic>Add.</strategic> "
            + "<operational>2+3=5</operational>\", \"solution\": \"\\\\boxed{5}\"}\n";
    static final String DATA = EXAMPLE + EXAMPLE.replace("\"a\"", "\"b\"");
    /** One optimizer step on the tiny model. */
    static final String QUICK = "{\"maxSteps\": 1, \"batchSize\": 1, \"gradientAccumulation\": 1, \"preset\": \"pfeiffer\", "
            + "\"bottleneck\": 8}";

    static List<String> train(HostileInput.Dir d, String... more) throws IOException {
        if (!Files.exists(d.path("m"))) d.model("m");
        List<String> a = args("train", "--model", d.arg("m"), "--data", d.arg("d.jsonl"), "--out", d.arg("out"));
        a.addAll(List.of(more));
        return a;
    }

    static List<String> withConfig(HostileInput.Dir d, String config) throws IOException {
        d.write("d.jsonl", DATA);
        d.write("c.json", config);
        return train(d, "--config", d.arg("c.json"));
    }

    static List<Case> cases() {
        return List.of(
                fails("train", "--data that does not exist", d -> train(d),
                        "--data @/d.jsonl: no such file (a JSON Lines file of training examples was expected)"),
                fails("train", "--data is a directory", d -> {
                    d.folder("d.jsonl");
                    return train(d);
                }, "--data @/d.jsonl: is a directory; give a JSON Lines file of training examples"),
                fails("train", "--data in Latin-1", d -> {
                    d.write("d.jsonl", latin1(EXAMPLE.replace("What", "Qu\u00e9")));
                    return train(d);
                }, "@/d.jsonl:1: not valid UTF-8 (byte 0xE9: probably Latin-1 or Windows-1252)", "save it as UTF-8"),
                fails("train", "--data in UTF-16", d -> {
                    d.write("d.jsonl", utf16(DATA));
                    return train(d);
                }, "@/d.jsonl:1: encoded as UTF-16", "save it as UTF-8"),
                fails("train", "--data with its last line cut off", d -> {
                    d.write("d.jsonl", truncated(DATA, DATA.length() - 20));
                    return train(d);
                }, "@/d.jsonl:2: malformed JSON"),
                fails("train", "--data line without a solution", d -> {
                    d.write("d.jsonl", EXAMPLE + "{\"id\": \"b\", \"problem\": \"p\", \"trace\": \"t\"}\n");
                    return train(d);
                }, "@/d.jsonl:2: example 'b' has no solution"),
                fails("train", "--data with a duplicated id", d -> {
                    d.write("d.jsonl", EXAMPLE + EXAMPLE);
                    return train(d);
                }, "@/d.jsonl:2: duplicate id 'a'"),
                fails("train", "--data with a mistyped level tag", d -> {
                    d.write("d.jsonl", EXAMPLE.replace("<strategic>Add.</strategic>", "<strategy>Add.</strategy>"));
                    return train(d);
                }, "unknown tag <strategy> (did you mean <strategic>?)"),
                fails("train", "--data example longer than maxSequenceLength, overLength error",
                        d -> withConfig(d, "{\"maxSequenceLength\": 8, \"overLength\": \"error\"}"),
                        "@/d.jsonl:1: example 'a' is", "over maxSequenceLength 8; raise maxSequenceLength"),
                fails("train", "--data whose every example is too long to truncate", d -> withConfig(d,
                                "{\"maxSequenceLength\": 8}"),
                        "@/d.jsonl: no example left to train on: all 2 are over maxSequenceLength 8 and were skipped "
                                + "(overLength truncate; line 1, example 'a': the prompt and the answer alone take"),
                fails("train", "--data whose every example is over maxSequenceLength, overLength skip",
                        d -> withConfig(d, "{\"maxSequenceLength\": 8, \"overLength\": \"skip\"}"),
                        "@/d.jsonl: no example left to train on: all 2 are over maxSequenceLength 8 and were skipped "
                                + "(overLength skip); raise maxSequenceLength"),
                fails("train", "--config with a mistyped overLength",
                        d -> withConfig(d, "{\"overLength\": \"truncated\"}"),
                        "@/c.json: overLength must be truncate, skip or error, got truncated "
                                + "(did you mean 'truncate'?)"),
                fails("train", "--config with a mistyped key", d -> withConfig(d, "{\"lerningRate\": 0.1}"),
                        "@/c.json: key 'lerningRate': unknown (did you mean 'learningRate'?)"),
                fails("train", "--config with text for a number", d -> withConfig(d, "{\"epochs\": \"3\"}"),
                        "@/c.json: key 'epochs': must be an integer (a JSON number, not text)"),
                fails("train", "--config with an infinite learning rate", d -> withConfig(d, "{\"learningRate\": 1e400}"),
                        "@/c.json: learningRate must be > 0 and finite, got Infinity"),
                fails("train", "--config with a mistyped preset", d -> withConfig(d, "{\"preset\": \"papr\"}"),
                        "preset must be paper, houlsby or pfeiffer, got papr (did you mean 'paper'?)"),
                fails("train", "--config truncated", d -> withConfig(d, "{\"epochs\": 1,\n \"seed\": "),
                        "@/c.json:2:", "malformed JSON"),
                fails("train", "--config in UTF-16", d -> {
                    d.write("d.jsonl", DATA);
                    d.write("c.json", utf16(QUICK));
                    return train(d, "--config", d.arg("c.json"));
                }, "@/c.json:1:1: encoded as UTF-16"),
                fails("train", "--config is a directory", d -> {
                    d.write("d.jsonl", DATA);
                    d.folder("c.json");
                    return train(d, "--config", d.arg("c.json"));
                }, "--config @/c.json: is a directory; give a training config (JSON)"),
                fails("train", "--out is the data file", d -> {
                    d.write("d.jsonl", DATA);
                    d.model("m");
                    return args("train", "--model", d.arg("m"), "--data", d.arg("d.jsonl"), "--out", d.arg("d.jsonl"));
                }, "--out @/d.jsonl: is a file; this is the folder the command writes into"),
                fails("train", "--out under a file", d -> {
                    d.write("d.jsonl", DATA);
                    d.model("m");
                    return args("train", "--model", d.arg("m"), "--data", d.arg("d.jsonl"), "--out", d.arg("d.jsonl/run"));
                }, "--out @/d.jsonl/run: @/d.jsonl is a file, not a folder"),
                fails("train", "--model without config.json", d -> {
                    d.write("d.jsonl", DATA);
                    d.folder("m");
                    return train(d);
                }, "@/m/config.json: no such file"),
                fails("train", "a rerun with another config keeps the earlier run", d -> {
                    assertEquals(0, CliRun.run(withConfig(d, QUICK).toArray(String[]::new)).code());
                    d.write("other.json", QUICK.replace("\"bottleneck\": 8", "\"bottleneck\": 4"));
                    return train(d, "--config", d.arg("other.json"));
                }, "the checkpoint was made with another training config; use a new output folder or the same config"),
                fails("train", "a diverging run stops and writes no adapters", d -> withConfig(d, "{\"learningRate\": 1e30, "
                                + "\"maxSteps\": 4, \"batchSize\": 1, \"gradientAccumulation\": 1, \"checkpointEvery\": 1, "
                                + "\"preset\": \"houlsby\", \"bottleneck\": 8}"),
                        "training diverged at step ", "no adapters were written", "Lower learningRate (now 1.0E30"),
                works("train", "data and config with a UTF-8 byte-order mark", d -> {
                    d.write("d.jsonl", bom(DATA));
                    d.write("c.json", bom(QUICK));
                    return train(d, "--config", d.arg("c.json"));
                }),
                usage("train", "a mistyped option", d -> args("train", "--modle", d.arg("m"), "--data", d.arg("d.jsonl")),
                        "Unknown option: '--modle' (did you mean '--model'?)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aHostileInputGetsAClearErrorAndLosesNothing(Case c, @TempDir Path tmp) throws IOException {
        HostileInput.check(c, tmp);
    }
}
