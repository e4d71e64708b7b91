package org.reasonbridge.cli;

import org.reasonbridge.model.Model;
import org.reasonbridge.inference.TestTimePolicy;
import org.reasonbridge.serve.OpenAiServer;
import org.reasonbridge.serve.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Serves a model folder over an OpenAI-compatible HTTP API until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a model over an OpenAI-compatible HTTP API: POST /v1/chat/completions, POST /v1/completions,",
                "GET /v1/models[/ID], GET|HEAD /health. Prints the context limit on stderr and 'serving <model> on",
                "http://HOST:PORT' on stdout once listening; runs until killed.",
                "There is no authentication: keep the default loopback host unless the network is trusted."})
final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
    @Mixin
    ModelOption model;
    @Option(names = "--adapters", paramLabel = "DIR", description = "Trained adapters to load onto the model.")
    Path adapters;
    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "none",
            description = "Test-time policy applied while decoding: none, gii (guided inference intervention) or "
                    + "budget-forcing (s1). Default: ${DEFAULT-VALUE}. Each request's thinking budget is fitted to its "
                    + "max_tokens (the forced \"Final Answer:\" lead-in plus a quarter, at most 512, kept for the answer).")
    String policy;
    @Mixin
    PolicyOptions knobs;
    @Option(names = "--host", paramLabel = "ADDR", defaultValue = ServerConfig.LOOPBACK, description = "Default: ${DEFAULT-VALUE}.")
    String host;
    @Option(names = "--port", paramLabel = "N", defaultValue = "8000", description = "0 = any free port. Default: ${DEFAULT-VALUE}.")
    int port;
    @Option(names = "--served-model-name", paramLabel = "NAME", description = "Model id in the API. Default: the folder's name.")
    String servedModelName;
    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "256",
            description = "Requests waiting at most; more get 429. Default: ${DEFAULT-VALUE}.")
    int maxQueue;
    @Option(names = "--max-tokens-cap", paramLabel = "N", defaultValue = "4096",
            description = "Largest max_tokens a request may ask for. Default: ${DEFAULT-VALUE}.")
    int maxTokensCap;
    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "8",
            description = "Queued greedy requests with equal settings decoded together; 1 = off. Default: ${DEFAULT-VALUE}.")
    int maxBatch;
    @Option(names = "--max-model-len", paramLabel = "N", defaultValue = "0",
            description = "Prompt plus max_tokens of one sequence at most; longer requests get 400 context_length_exceeded. "
                    + "Default: the model's max_position_embeddings, lowered to what half of the memory available at "
                    + "start-up holds (printed on stderr).")
    int maxModelLen;
    @Option(names = "--reasoning-parser", paramLabel = "NAME",
            description = "Chat thinking goes to message.reasoning_content (delta.reasoning_content when streamed) and "
                    + "only the answer to content, as vLLM's flag of this name: deepseek_r1 or qwen3 (<think>...</think>), "
                    + "or s1. Default: off (the whole completion in content).")
    String reasoningParser;
    @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Largest request body; larger gets 413. Default: ${DEFAULT-VALUE} (1 MiB).")
    int maxRequestBytes;

    @Override
    public Integer call() throws Exception {
        // unknown names and bad knobs fail before the model loads
        if (knobs.any() && policy.equals(TestTimePolicy.NONE)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "policy knobs apply to --policy gii|budget-forcing");
        }
        TestTimePolicy p = knobs.policy(policy);
        ServerConfig cfg = ServerConfig.defaults().withHost(host).withPort(port).withServedModelName(servedModelName)
                .withMaxQueue(maxQueue).withMaxTokensCap(maxTokensCap).withMaxBatch(maxBatch).withMaxModelLen(maxModelLen)
                .withMaxBodyBytes(maxRequestBytes).withReasoningParser(reasoningParser);
        Path dir = model.resolve();
        Model m = adapters == null ? Model.load(dir) : Model.load(dir, adapters);
        OpenAiServer server;
        try {
            server = OpenAiServer.start(m, cfg, p);
        } catch (java.io.IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        System.err.println("context limit: " + server.contextLimit().maxModelLen() + " tokens ("
                + server.contextLimit().reason() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            m.close();
            stopped.countDown();
        }, "reasonbridge-serve-shutdown"));
        System.out.println("serving " + server.modelName() + " on " + server.baseUrl().resolve("/").toString().replaceAll("/$", ""));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
