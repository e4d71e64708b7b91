package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code eval} on the command line: usage errors exit 2 before anything runs; a run against a stub endpoint. */
class EvalCommandTest {
    @TempDir
    static Path tmp;

    static Path data() throws IOException {
        Path f = tmp.resolve("bench.jsonl");
        Files.writeString(f, "{\"id\": \"q1\", \"question\": \"What is 2+2?\", \"answer\": \"4\", \"subject\": \"arith\"}\n"
                + "{\"id\": \"q2\", \"question\": \"What is 3+3?\", \"answer\": \"6\"}\n");
        return f;
    }

    /** Malformed argument lists; $D is a real data file, $M a real folder. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "--benchmark jsonl --data $D --out $O",                                            // no model, no endpoint
            "--model $M --endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --data $D --out $O",
            "--endpoint http://127.0.0.1:9/v1 --benchmark jsonl --data $D --out $O",          // no --endpoint-model
            "--endpoint ftp://x/v1 --endpoint-model x --benchmark jsonl --data $D --out $O",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --policy gii --chat --benchmark jsonl --data $D --out $O",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --policy magic --benchmark jsonl --data $D --out $O",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --tokenizer $M --benchmark jsonl --data $D --out $O",
            "--model $M --chat --benchmark jsonl --data $D --out $O",
            "--model $M --policy magic --benchmark jsonl --data $D --out $O",
            "--model $D --benchmark jsonl --data $D --out $O",                                  // model is a file
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --data $D --out $O",         // no --benchmark
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --out $O", // no --data
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --data $M/none.jsonl --out $O",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --data $D --out $O --limit -1",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --data $D --out $O --max-tokens 0",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --data $D --out $O --concurrency 0",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --data $D --out $O --limit many",
            "--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark jsonl --data $D --out $O --bogus",
    })
    void malformedArgumentsAreUsageErrors(String args) throws IOException {
        assertEquals(2, Main.run(argv(args)), args);
    }

    @Test
    void unknownBenchmarkAndBadFileFail() throws IOException {
        assertEquals(1, Main.run(argv("--endpoint http://127.0.0.1:9/v1 --endpoint-model x --benchmark mystery --data $D --out $O")));
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\": \"q1\", \"question\": \"x\", \"answer\": \"1\"}\n{\"id\": \"q2\", \"question\": \"y\"}\n");
        assertEquals(1, Main.run("eval", "--endpoint", "http://127.0.0.1:9/v1", "--endpoint-model", "x", "--benchmark", "jsonl",
                "--data", bad.toString(), "--out", tmp.resolve("o2").toString()));
    }

    @Test
    void evaluatesAnEndpoint() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = body.contains("2+2") ? "\\\\boxed{4}" : "\\\\boxed{7}";
            byte[] out = ("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                    + answer + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        try {
            Path out = tmp.resolve("run");
            int code = Main.run("eval", "--endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "--endpoint-model", "m", "--chat", "--benchmark", "jsonl", "--data", data().toString(),
                    "--out", out.toString(), "--concurrency", "2");
            assertEquals(0, code);
            JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
            assertEquals(2, results.at("/metrics/n").asInt());
            assertEquals(1, results.at("/metrics/correct").asInt());
            assertEquals(0.5, results.at("/metrics/accuracy").asDouble());
            assertEquals(64, results.at("/environment/benchmark_sha256").asText().length());
            assertEquals(1, results.at("/breakdown/subject/arith/correct").asInt());
            assertEquals(2, Files.readAllLines(out.resolve("samples.jsonl")).size());
        } finally {
            server.stop(0);
        }
    }

    static String[] argv(String args) throws IOException {
        Path d = data(), m = Files.createDirectories(tmp.resolve("model")), o = tmp.resolve("out");
        List<String> out = new java.util.ArrayList<>(List.of("eval"));
        for (String a : args.split(" ")) out.add(a.replace("$D", d.toString()).replace("$M", m.toString()).replace("$O", o.toString()));
        return out.toArray(String[]::new);
    }
}
