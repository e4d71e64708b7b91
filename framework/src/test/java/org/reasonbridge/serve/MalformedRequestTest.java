package org.reasonbridge.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad requests get an HTTP error with OpenAI's error object, and the server keeps serving afterwards. */
class MalformedRequestTest {
    static TinyServer tiny;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        tiny = new TinyServer(ServerConfig.defaults().withMaxTokensCap(64).withMaxBodyBytes(4096));
    }

    @AfterAll
    static void stop() {
        tiny.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @CsvSource(delimiter = '|', value = {
            // method | path                 | body                                                              | param        | status
            "POST | /v1/chat/completions | {not json                                                           | -            | 400",
            "POST | /v1/chat/completions | [1, 2]                                                              | -            | 400",
            "POST | /v1/chat/completions | {}                                                                  | messages     | 400",
            "POST | /v1/chat/completions | {\"messages\": []}                                                  | messages     | 400",
            "POST | /v1/chat/completions | {\"messages\": \"hi\"}                                              | messages     | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}       | messages     | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": 5}]}              | messages     | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"content\": \"hi\"}]}                             | messages     | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": -1}     | max_tokens   | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": \"5\"}  | max_tokens   | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 65}     | max_tokens   | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_completion_tokens\": 1.5} | max_completion_tokens | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": \"hot\"} | temperature  | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": 3}       | temperature  | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_p\": 0}            | top_p        | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stop\": 7}             | stop         | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stop\": [\"\"]}        | stop         | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": \"yes\"}     | stream       | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 0}                | n            | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 65}               | n            | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"frobnicate\": 1}      | frobnicate   | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"presence_penalty\": 0.5} | presence_penalty | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [{\"type\": \"function\"}]} | tools | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"response_format\": {\"type\": \"json_object\"}} | response_format | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"top_logprobs\": 2}     | top_logprobs | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": true, \"top_logprobs\": 21} | top_logprobs | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": true, \"stream\": true} | logprobs | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logit_bias\": {\"x\": 1}} | logit_bias | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logit_bias\": {\"5\": 101}} | logit_bias | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logit_bias\": {\"512\": 1}} | logit_bias | 400",
            "POST | /v1/chat/completions | {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"seed\": \"x\"}         | seed         | 400",
            "POST | /v1/chat/completions | {\"model\": 3, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}           | model        | 400",
            "POST | /v1/completions      | {}                                                                  | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": 12}                                                    | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": [1, \"a\"]}                                          | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": [[1, 2], \"a\"]}                                     | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": [[1, 2], []]}                                          | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": [1, 512]}                                              | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": [-1]}                                                  | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": [1.5]}                                                 | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"logprobs\": true}                          | logprobs     | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"logprobs\": 21}                            | logprobs     | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"best_of\": 3}                              | best_of      | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"suffix\": \"b\"}                         | suffix       | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"max_gen_toks\": 5}                         | max_gen_toks | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"logprobs\": 1, \"stream\": true}         | logprobs     | 400",
            "POST | /v1/completions      | {\"prompt\": []}                                                    | prompt       | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"echo\": 1}                                    | echo         | 400",
            "POST | /v1/completions      | {\"prompt\": \"a\", \"max_tokens\": 100000}                         | max_tokens   | 400",
            "GET  | /v1/chat/completions | -                                                                   | -            | 405",
            "POST | /v1/models           | {}                                                                  | -            | 405",
            "GET  | /v1/nothing          | -                                                                   | -            | 404",
            "POST | /v1/models/x         | {}                                                                  | -            | 405",
            "GET  | /v1/models/other     | -                                                                   | model        | 404",
            "POST | /v1/completions      | {\"model\": \"other\", \"prompt\": \"a\"}                      | model        | 404",
            "POST | /v1/chat/completions | {\"model\": \"other\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]} | model | 404",
            "GET  | /                    | -                                                                   | -            | 404",
    })
    void badRequestGetsAnOpenAiError(String method, String path, String body, String param, int status) throws Exception {
        HttpRequest.BodyPublisher pub = body.equals("-") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root() + path)).method(method, pub).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertEquals("invalid_request_error", e.get("type").asText());
        assertTrue(e.get("message").asText().length() > 5, r.body());
        assertTrue(e.has("code"));
        if (param.equals("-")) assertTrue(e.get("param").isNull(), r.body());
        else assertEquals(param, e.get("param").asText());
        stillServes();
    }

    @Test
    void bodyOverTheCapIs413() throws Exception {
        String big = "{\"prompt\": \"" + "x".repeat(5000) + "\"}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root() + "/v1/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        assertEquals("request_too_large", JSON.readTree(r.body()).at("/error/code").asText());
        assertTrue(r.body().contains("--max-request-bytes"), r.body());
        stillServes();
    }

    @ParameterizedTest(name = "raw: {0}")
    @CsvSource(delimiter = '|', value = {
            // bodies written byte by byte on a socket, as no well-behaved client would
            "cut-off JSON    | {\"prompt\": \"ab | 400",
            "invalid UTF-8   | {\"prompt\": \"\u00ff\u00fe | 400",
    })
    void rawBrokenBodies(String name, String body, int status) throws Exception {
        String reply;
        try (Socket s = new Socket(tiny.server.address().getAddress(), tiny.server.address().getPort())) {
            s.setSoTimeout(10_000);
            byte[] b = body.getBytes(StandardCharsets.ISO_8859_1); // raw bytes: \u00ff is not valid UTF-8
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            reply = readAll(s.getInputStream());
        }
        assertTrue(reply.startsWith("HTTP/1.1 " + status), reply);
        assertTrue(reply.contains("\"invalid_request_error\""), reply);
        stillServes();
    }

    @Test
    void connectionDroppedMidBodyLeavesTheServerServing() throws Exception {
        try (Socket s = new Socket(tiny.server.address().getAddress(), tiny.server.address().getPort())) {
            s.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"pro")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        stillServes();
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

    static String root() {
        return tiny.server.baseUrl().resolve("/").toString().replaceAll("/$", "");
    }

    static void stillServes() throws Exception {
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(root() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
    }
}
