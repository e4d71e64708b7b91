package org.reasonbridge.bench;

import picocli.CommandLine.Command;

/** Benchmarks: separate programs that print ratios against a peer measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (not tests).",
        subcommands = {DecodeBench.class, LoadBench.class, CurationBench.class, TrainBench.class, GradingBench.class,
                ServeMemoryBench.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark, e.g. 'bench decode'");
    }
}
