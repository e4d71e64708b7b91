package org.reasonbridge.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.cli.HostileInput.Case;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.reasonbridge.cli.HostileInput.args;
import static org.reasonbridge.cli.HostileInput.bom;
import static org.reasonbridge.cli.HostileInput.fails;
import static org.reasonbridge.cli.HostileInput.latin1;
import static org.reasonbridge.cli.HostileInput.nonRoot;
import static org.reasonbridge.cli.HostileInput.truncated;
import static org.reasonbridge.cli.HostileInput.usage;
import static org.reasonbridge.cli.HostileInput.utf16;
import static org.reasonbridge.cli.HostileInput.works;

/**
 * Malformed, oversized, truncated, mis-encoded and conflicting inputs for every command that reads a model folder,
 * a token list, a config or a pairs file (train has its own table, {@link HostileTrainInputTest}): each gets one
 * line saying what failed, where and what to do, and no file that was there before is lost.
 */
class HostileInputTest {
    static final String CONFIG = "{\"model_type\": \"qwen2\", \"hidden_size\": 64}";

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.addAll(generate());
        all.addAll(logits());
        all.addAll(initModel());
        all.addAll(adapters());
        all.addAll(grade());
        all.addAll(datasets());
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aHostileInputGetsAClearErrorAndLosesNothing(Case c, @TempDir Path tmp) throws IOException {
        HostileInput.check(c, tmp);
    }

    static List<String> generate(HostileInput.Dir d, String... more) {
        List<String> a = args("generate", "--model", d.arg("m"), "--prompt", "Hi", "--max-new-tokens", "2");
        a.addAll(List.of(more));
        return a;
    }

    static List<Case> generate() {
        return List.of(
                fails("generate", "--model that does not exist", d -> generate(d),
                        "--model @/m: no such folder (a Hugging Face model folder was expected)"),
                fails("generate", "--model is a file", d -> {
                    d.write("m", "x");
                    return generate(d);
                }, "--model @/m: is a file; give a Hugging Face model folder"),
                fails("generate", "model folder without config.json", d -> {
                    d.model("m");
                    Files.delete(d.path("m/config.json"));
                    return generate(d);
                }, "@/m/config.json: no such file (a model folder needs config.json"),
                fails("generate", "config.json truncated", d -> {
                    d.model("m");
                    d.write("m/config.json", truncated(Files.readString(d.path("m/config.json")), 40));
                    return generate(d);
                }, "@/m/config.json:", "malformed JSON: Unexpected end-of-input"),
                fails("generate", "config.json in Latin-1", d -> {
                    d.model("m");
                    d.edit("m/config.json", s -> s.replace("\"qwen2\",", "\"qwen2\", \"name\": \"mod\u00e8le\","));
                    d.write("m/config.json", latin1(Files.readString(d.path("m/config.json"))));
                    return generate(d);
                }, "@/m/config.json:", "not valid UTF-8 (byte 0xE8: probably Latin-1 or Windows-1252); save it as UTF-8"),
                fails("generate", "config.json in UTF-16", d -> {
                    d.model("m");
                    d.write("m/config.json", utf16(Files.readString(d.path("m/config.json"))));
                    return generate(d);
                }, "@/m/config.json:1:1: encoded as UTF-16", "save it as UTF-8"),
                fails("generate", "config.json oversized", d -> {
                    d.model("m");
                    d.grow("m/config.json", 17L << 20);
                    return generate(d);
                }, "@/m/config.json: 17825792 bytes: too large for a model's config.json"),
                fails("generate", "config.json with an absurd layer count", d -> {
                    d.model("m");
                    d.edit("m/config.json", s -> s.replaceFirst("\"num_hidden_layers\": *\\d+", "\"num_hidden_layers\": 2000000000"));
                    return generate(d);
                }, "@/m/config.json: 'num_hidden_layers' must be between 1 and 1024, got 2000000000"),
                fails("generate", "config.json with a duplicated key", d -> {
                    d.model("m");
                    d.edit("m/config.json", s -> s.replaceFirst("\\{", "{\"vocab_size\": 7, "));
                    return generate(d);
                }, "@/m/config.json:", "malformed JSON: Duplicate field 'vocab_size'"),
                works("generate", "config.json and tokenizer.json with a UTF-8 byte-order mark", d -> {
                    d.model("m");
                    d.write("m/config.json", bom(Files.readString(d.path("m/config.json"))));
                    d.write("m/tokenizer.json", bom(Files.readString(d.path("m/tokenizer.json"))));
                    return generate(d);
                }),
                fails("generate", "tokenizer.json truncated", d -> {
                    d.model("m");
                    d.write("m/tokenizer.json", truncated(Files.readString(d.path("m/tokenizer.json")), 3000));
                    return generate(d);
                }, "@/m/tokenizer.json:", "malformed JSON"),
                fails("generate", "tokenizer_config.json: chat_template is a number", d -> {
                    d.model("m");
                    d.write("m/tokenizer_config.json", "{\"chat_template\": 5}");
                    return args("generate", "--model", d.arg("m"), "--chat", "Hi", "--max-new-tokens", "2");
                }, "'chat_template' must be a string (the template) or a list"),
                fails("generate", "tokenizer_config.json: eos_token is a list", d -> {
                    d.model("m");
                    d.write("m/tokenizer_config.json", "{\"eos_token\": [\"<|im_end|>\"]}");
                    return generate(d);
                }, "@/m/tokenizer_config.json: 'eos_token' must be a token"),
                fails("generate", "generation_config.json: eos_token_id is text", d -> {
                    d.model("m");
                    d.write("m/generation_config.json", "{\"eos_token_id\": \"</s>\"}");
                    return generate(d);
                }, "@/m/generation_config.json: 'eos_token_id' must be a token id (an integer in [0, 512))"),
                fails("generate", "generation_config.json in Latin-1", d -> {
                    d.model("m");
                    d.write("m/generation_config.json", latin1("{\"note\": \"\u00e9t\u00e9\", \"eos_token_id\": 509}"));
                    return generate(d);
                }, "@/m/generation_config.json:1:", "not valid UTF-8"),
                fails("generate", "model.safetensors truncated", d -> {
                    d.model("m");
                    byte[] w = Files.readAllBytes(d.path("m/model.safetensors"));
                    d.write("m/model.safetensors", java.util.Arrays.copyOf(w, w.length / 2));
                    return generate(d);
                }, "@/m/model.safetensors"),
                fails("generate", "safetensors index that is not JSON", d -> {
                    d.model("m");
                    d.write("m/model.safetensors.index.json", "{\"weight_map\": {\"a\": ");
                    return generate(d);
                }, "@/m/model.safetensors.index.json: index is not valid JSON: line 1, column"),
                fails("generate", "--adapters folder without adapter files", d -> {
                    d.model("m");
                    d.folder("a");
                    return generate(d, "--adapters", d.arg("a"));
                }, "@/a/adapter_config.json: no such file: @/a is not an adapter folder"),
                fails("generate", "--adapters is a file", d -> {
                    d.model("m");
                    d.write("a", "x");
                    return generate(d, "--adapters", d.arg("a"));
                }, "--adapters @/a: is a file; give the --out folder of a train run"),
                fails("generate", "adapter_config.json malformed", d -> {
                    d.model("m");
                    d.write("a/adapter_config.json", "{\"method\": ");
                    d.write("a/adapter_model.safetensors", "");
                    return generate(d, "--adapters", d.arg("a"));
                }, "@/a/adapter_config.json:1:", "malformed JSON"),
                fails("generate", "--max-new-tokens negative", d -> {
                    d.model("m");
                    return args("generate", "--model", d.arg("m"), "--prompt", "Hi", "--max-new-tokens", "-5");
                }, "--max-new-tokens must be >= 0, got -5"),
                fails("generate", "--top-p out of range", d -> {
                    d.model("m");
                    return generate(d, "--top-p", "7");
                }, "--top-p must be in (0, 1], got 7.0"),
                usage("generate", "--prompt and --chat together", d -> generate(d, "--chat", "Hi"),
                        "mutually exclusive"),
                usage("generate", "a mistyped option", d -> args("generate", "--modle", d.arg("m"), "--prompt", "x"),
                        "Unknown option: '--modle'", "--model"));
    }

    static List<Case> logits() {
        return List.of(
                fails("logits", "--out is a directory", d -> {
                    d.model("m");
                    d.folder("out");
                    return args("logits", "--model", d.arg("m"), "--ids", "1,2", "--out", d.arg("out"));
                }, "--out @/out: is a directory; give the name of a file to write"),
                fails("logits", "--out under a file", d -> {
                    d.model("m");
                    d.write("f", "x");
                    return args("logits", "--model", d.arg("m"), "--ids", "1,2", "--out", d.arg("f/x.f32"));
                }, "--out @/f/x.f32: @/f is a file, not a folder"),
                fails("logits", "--out is the model's weights", d -> {
                    d.model("m");
                    return args("logits", "--model", d.arg("m"), "--ids", "1,2", "--out", d.arg("m/model.safetensors"));
                }, "--out @/m/model.safetensors is inside --model @/m: its files could be overwritten"),
                fails("logits", "a token id outside the vocabulary", d -> {
                    d.model("m");
                    return args("logits", "--model", d.arg("m"), "--ids", "1,99999", "--out", d.arg("o.f32"));
                }, "token id 99999 outside vocabulary [0, 512)"),
                usage("logits", "a token id that is not a number", d -> {
                    d.model("m");
                    return args("logits", "--model", d.arg("m"), "--ids", "1,x", "--out", d.arg("o.f32"));
                }, "--ids", "'x' is not an int"),
                fails("logits", "a broken model keeps the earlier output", d -> {
                    d.model("m");
                    d.write("o.f32", "earlier logits");
                    byte[] w = Files.readAllBytes(d.path("m/model.safetensors"));
                    d.write("m/model.safetensors", java.util.Arrays.copyOf(w, 100));
                    return args("logits", "--model", d.arg("m"), "--ids", "1,2", "--out", d.arg("o.f32"));
                }, "@/m/model.safetensors"),
                nonRoot(fails("logits", "--out in a read-only folder", d -> {
                    d.model("m");
                    Files.setPosixFilePermissions(d.folder("ro"), PosixFilePermissions.fromString("r-xr-xr-x"));
                    return args("logits", "--model", d.arg("m"), "--ids", "1,2", "--out", d.arg("ro/o.f32"));
                }, "@/ro", "permission denied")));
    }

    static List<Case> initModel() {
        return List.of(
                fails("init-model", "--out is an existing model", d -> {
                    d.model("m");
                    return args("init-model", "--out", d.arg("m"));
                }, "--out @/m: not empty (holds config.json, generation_config.json, model.safetensors, ...)",
                        "give a new or empty folder"),
                fails("init-model", "--out is a file", d -> {
                    d.write("m", "x");
                    return args("init-model", "--out", d.arg("m"));
                }, "--out @/m: is a file"),
                fails("init-model", "an unknown preset", d -> args("init-model", "--preset", "huge", "--out", d.arg("m")),
                        "unknown preset 'huge' (known: tiny, small, qwen0.5b)"),
                fails("init-model", "an unknown architecture", d -> args("init-model", "--arch", "gpt2", "--out", d.arg("m")),
                        "--arch: unknown model_type 'gpt2' (supported: qwen2, llama, mistral, mixtral)"),
                fails("init-model", "an unknown dtype", d -> args("init-model", "--dtype", "f8", "--out", d.arg("m")),
                        "--dtype must be f32, bf16 or f16, got f8"));
    }

    static List<Case> adapters() {
        return List.of(
                fails("adapters", "--config that does not exist", d -> args("adapters", "report", "--config", d.arg("c.json")),
                        "--config @/c.json: no such file"),
                fails("adapters", "--config truncated", d -> {
                    d.write("c.json", "{\"model_type\": \"qwen2\",\n");
                    return args("adapters", "report", "--config", d.arg("c.json"));
                }, "@/c.json:2:", "malformed JSON"),
                fails("adapters", "--config in Latin-1", d -> {
                    d.write("c.json", latin1("{\"model_type\": \"qwen2\", \"n\": \"\u00e9\"}"));
                    return args("adapters", "report", "--config", d.arg("c.json"));
                }, "@/c.json:1:", "not valid UTF-8", "save it as UTF-8"),
                fails("adapters", "--config in UTF-16", d -> {
                    d.write("c.json", utf16(CONFIG));
                    return args("adapters", "report", "--config", d.arg("c.json"));
                }, "@/c.json:1:1: encoded as UTF-16"),
                fails("adapters", "--config folder without config.json", d -> {
                    d.folder("m");
                    return args("adapters", "report", "--config", d.arg("m"));
                }, "@/m/config.json: no such file"),
                fails("adapters", "--config with a missing key", d -> {
                    d.write("c.json", CONFIG);
                    return args("adapters", "report", "--config", d.arg("c.json"));
                }, "@/c.json: missing key 'num_hidden_layers'"),
                fails("adapters", "--preset mistyped", d -> {
                    d.model("m");
                    return args("adapters", "report", "--config", d.arg("m"), "--preset", "papr");
                }, "unknown bottleneck preset 'papr' (did you mean 'paper'?)"),
                fails("adapters", "--bottleneck 0", d -> {
                    d.model("m");
                    return args("adapters", "report", "--config", d.arg("m"), "--bottleneck", "0");
                }, "--bottleneck must be >= 1, got 0"),
                fails("adapters", "--lora-rank with --preset", d -> {
                    d.model("m");
                    return args("adapters", "report", "--config", d.arg("m"), "--lora-rank", "8", "--preset", "paper");
                }, "--lora-rank reports LoRA; it does not combine with --preset"),
                usage("adapters", "a mistyped subcommand", d -> args("adapters", "reprot"), "Did you mean: adapters report"));
    }

    static final String PAIRS = "{\"pred\": \"2\", \"gold\": \"2\"}\n{\"pred\": \"3\", \"gold\": \"4\"}\n";

    static List<Case> grade() {
        return List.of(
                fails("grade", "--pairs in Latin-1", d -> {
                    d.write("p.jsonl", latin1("{\"pred\": \"caf\u00e9\", \"gold\": \"x\"}\n"));
                    return args("grade", "--pairs", d.arg("p.jsonl"));
                }, "@/p.jsonl:1: not valid UTF-8 (byte 0xE9: probably Latin-1 or Windows-1252) at column 14; save it as UTF-8"),
                fails("grade", "--pairs in UTF-16", d -> {
                    d.write("p.jsonl", utf16(PAIRS));
                    return args("grade", "--pairs", d.arg("p.jsonl"));
                }, "@/p.jsonl:1: encoded as UTF-16"),
                works("grade", "--pairs with a byte-order mark", d -> {
                    d.write("p.jsonl", bom(PAIRS));
                    return args("grade", "--pairs", d.arg("p.jsonl"), "--out", d.arg("g.jsonl"));
                }),
                fails("grade", "--pairs truncated, earlier --out kept", d -> {
                    d.write("p.jsonl", truncated(PAIRS, PAIRS.length() - 6));
                    d.write("g.jsonl", "earlier verdicts\n");
                    return args("grade", "--pairs", d.arg("p.jsonl"), "--out", d.arg("g.jsonl"));
                }, "@/p.jsonl:2: malformed JSON"),
                fails("grade", "a line without gold", d -> {
                    d.write("p.jsonl", PAIRS + "{\"pred\": \"1\"}\n");
                    return args("grade", "--pairs", d.arg("p.jsonl"));
                }, "@/p.jsonl:3: missing or non-scalar \"gold\""),
                fails("grade", "--out is --pairs", d -> {
                    d.write("p.jsonl", PAIRS);
                    return args("grade", "--pairs", d.arg("p.jsonl"), "--out", d.arg("p.jsonl"));
                }, "is the same file as --pairs", "choose another --out"),
                fails("grade", "--out is a directory", d -> {
                    d.write("p.jsonl", PAIRS);
                    d.folder("g");
                    return args("grade", "--pairs", d.arg("p.jsonl"), "--out", d.arg("g"));
                }, "--out @/g: is a directory"),
                fails("grade", "--pairs is a directory", d -> {
                    d.folder("p");
                    return args("grade", "--pairs", d.arg("p"));
                }, "--pairs @/p: is a directory; give a JSON Lines file"),
                fails("grade", "--kind mistyped", d -> {
                    d.write("p.jsonl", PAIRS);
                    return args("grade", "--pairs", d.arg("p.jsonl"), "--kind", "mathh");
                }, "unknown grading kind 'mathh'"),
                nonRoot(fails("grade", "--out in a read-only folder", d -> {
                    d.write("p.jsonl", PAIRS);
                    Files.setPosixFilePermissions(d.folder("ro"), PosixFilePermissions.fromString("r-xr-xr-x"));
                    return args("grade", "--pairs", d.arg("p.jsonl"), "--out", d.arg("ro/g.jsonl"));
                }, "@/ro", "permission denied")));
    }

    static List<Case> datasets() {
        return List.of(
                fails("datasets", "--manifests is a file", d -> {
                    d.write("m", "x");
                    return args("datasets", "list", "--manifests", d.arg("m"));
                }, "--manifests @/m: is a file; give a folder of dataset manifests"),
                fails("datasets", "--manifests without manifests", d -> {
                    d.folder("m");
                    return args("datasets", "list", "--manifests", d.arg("m"));
                }, "--manifests @/m: no dataset manifests (*.json) there"),
                fails("datasets", "a manifest that is not JSON", d -> {
                    d.write("m/x.json", "{\"name\": ");
                    return args("datasets", "list", "--manifests", d.arg("m"));
                }, "@/m/x.json", "bad manifest"),
                fails("datasets", "a manifest in Latin-1", d -> {
                    d.write("m/x.json", latin1("{\"name\": \"x\", \"license\": \"\u00a9\"}"));
                    return args("datasets", "list", "--manifests", d.arg("m"));
                }, "@/m/x.json:1: not valid UTF-8"),
                fails("datasets", "fetch of an unknown name", d -> {
                    d.folder("m");
                    return args("datasets", "fetch", "mth500", "--manifests", d.arg("m"));
                }, "no manifest @/m/mth500.json"),
                usage("datasets", "a mistyped subcommand", d -> args("datasets", "lst"), "Did you mean: datasets list"));
    }
}
