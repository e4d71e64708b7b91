package org.reasonbridge.serve;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reasonbridge.cli.CliRun;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reasonbridge serve} arguments that end before a model is loaded. */
class ServeCommandTest {
    @ParameterizedTest(name = "serve {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--help                       | 0 | --served-model-name",
            "--help                       | 0 | --max-tokens-cap",
            "--policy bogus               | 1 | unknown policy 'bogus'; known: [none, gii, budget-forcing]",
            "--port notanumber            | 2 | --port",
            "--help                       | 0 | --max-model-len",
            "--help                       | 0 | --max-request-bytes",
            "--help                       | 0 | --max-redirects",
            "--help                       | 0 | --policy-config",
            "--policy none --max-interventions 2 | 2 | policy knobs apply to --policy gii",
            "--policy gii --max-interventions -1 | 1 | maxInterventions must be >= 0",
            "--policy gii --max-redirects -1 | 1 | maxRedirects must be >= 0",
            "--policy gii --policy-config /nonexistent/p.json | 1 | p.json",
    })
    void arguments(String args, int code, String expected) {
        CliRun.Result r = CliRun.run(("serve " + args).split(" "));
        String all = r.out() + r.err();
        assertEquals(code, r.code(), all);
        assertTrue(all.contains(expected), all);
    }

    /** A taken port: the message names the address and says what to do. */
    @org.junit.jupiter.api.Test
    void aTakenPortIsNamedWithWhatToDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = dir.resolve("tiny");
        org.reasonbridge.model.RandomCheckpoint.write(model, org.reasonbridge.model.config.ModelPreset.TINY.config(
                org.reasonbridge.model.config.ModelFamily.QWEN2), 1, org.reasonbridge.model.io.DType.F32);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun.Result r = CliRun.run("serve", "--model", model.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("127.0.0.1:" + taken.getLocalPort()), r.err());
            assertTrue(r.err().contains("choose another with --port"), r.err());
        }
    }
}
