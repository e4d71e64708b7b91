package org.reasonbridge.serve;

import org.reasonbridge.model.Model;
import org.reasonbridge.model.RandomCheckpoint;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.config.ModelPreset;
import org.reasonbridge.model.io.DType;
import org.reasonbridge.openai.OpenAiClient;
import org.reasonbridge.openai.OpenAiClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny random Qwen2 model (with the Qwen3 chat template) served on 127.0.0.1, for the tests of this package. */
final class TinyServer implements AutoCloseable {
    final Model model;
    final OpenAiServer server;
    final OpenAiClient client;

    TinyServer(ServerConfig config) {
        try {
            Path dir = Files.createTempDirectory("tiny-serve").resolve("tiny-qwen2");
            RandomCheckpoint.write(dir, ModelPreset.TINY.config(ModelFamily.QWEN2), 7, DType.F32);
            model = Model.load(dir);
            server = OpenAiServer.start(model, config);
            client = new OpenAiClient(OpenAiClientConfig.of(server.baseUrl().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TinyServer() {
        this(ServerConfig.defaults());
    }

    @Override
    public void close() {
        server.close();
        model.close();
    }
}
