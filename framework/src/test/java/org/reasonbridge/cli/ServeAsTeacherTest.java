package org.reasonbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.model.Model;
import org.reasonbridge.serve.OpenAiServer;
import org.reasonbridge.serve.ServerConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arrow serve -> curate: this project's server, with a DeepSeek-R1-style template whose generation prompt opens
 * thinking, as the teacher of {@code curate}. With {@code --reasoning-parser} the teacher client gets the thinking in
 * {@code reasoning_content} and every trace has thinking; without it the completion carries no opener, so the client
 * cannot tell thinking from answer and quality drops every trace as {@code empty-thinking}, naming the reason. The
 * served model is random and cut off after 12 tokens, so quality keeps nothing (and curate says so with a non-zero
 * exit): what is checked is what reaches curation.
 */
class ServeAsTeacherTest extends CurateFixture {
    @ParameterizedTest(name = "reasoning parser {0}")
    @CsvSource({"deepseek_r1, 0", "'', 24"})
    void servedModelTeaches(String parser, int emptyThinking, @TempDir Path tmp) throws Exception {
        Path[] in = setUp(tmp);
        Path student = in[1];
        Path config = student.resolve("tokenizer_config.json");
        ObjectNode tokenizer = (ObjectNode) JSON.readTree(config.toFile());
        tokenizer.put("chat_template", "{% for m in messages %}<｜User｜>{{ m['content'] }}{% endfor %}<｜Assistant｜><think>\n");
        JSON.writeValue(config.toFile(), tokenizer);
        ServerConfig cfg = ServerConfig.defaults().withServedModelName("t").withReasoningParser(parser.isEmpty() ? null : parser);
        try (Model model = Model.load(student); OpenAiServer served = OpenAiServer.start(model, cfg)) {
            Path out = tmp.resolve("out");
            String[] a = args(in[0], in[1], out, "--teacher-max-tokens", "12");
            for (int i = 0; i < a.length; i++) if (a[i].equals("--teacher-url")) a[i + 1] = served.baseUrl().toString();
            CliRun.Result curate = CliRun.run(a);

            assertTrue(Files.exists(out.resolve("traces.jsonl")), curate.code() + ": " + curate.err() + curate.out());
            long traced = 0, withThinking = 0, dropped = 0;
            for (String line : Files.readAllLines(out.resolve("traces.jsonl"))) {
                JsonNode t = JSON.readTree(line);
                traced++;
                if (!t.at("/trace/thinking").asText().isBlank()) withThinking++;
            }
            for (String line : Files.readAllLines(out.resolve("quality.jsonl"))) { // the stage's decisions (the audit is written at the end)
                JsonNode d = JSON.readTree(line);
                if (d.get("stage").asText().equals("quality") && d.get("reason").asText().equals("empty-thinking")) dropped++;
            }
            assertEquals(PROBLEMS, traced, curate.err());
            assertEquals(PROBLEMS - emptyThinking, withThinking, curate.err());
            assertEquals(emptyThinking, dropped, curate.err());
            // a random teacher's 12 tokens are cut off (truncated) or lack thinking: quality keeps nothing, and says so
            assertTrue(curate.code() != 0 && curate.err().contains("quality kept none"), curate.code() + ": " + curate.err());
        }
    }
}
