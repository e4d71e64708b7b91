package org.reasonbridge.cli;

import org.reasonbridge.eval.benchmarks.DatasetFetcher;
import org.reasonbridge.eval.benchmarks.DatasetManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code datasets list} and {@code datasets fetch NAME [--dir DIR]}: the benchmark manifests of {@code datasets/} and
 * their download, verified against the manifest's sha256 when it has one. Without network the command fails with
 * the manifest's manual route.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Benchmark manifests (datasets/*.json): list them, or download one and verify its checksum.",
        subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.FetchCommand.class})
final class DatasetsCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalArgumentException("a subcommand is required: datasets list | datasets fetch NAME");
    }

    /** The repository's datasets/ folder: next to the launcher when it says where that is, else the working folder. */
    static Path defaultManifests() {
        String root = System.getProperty("reasonbridge.root");
        return root == null ? Path.of("datasets") : Path.of(root, "datasets");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the manifests: name, rows, format, checksum.")
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--manifests", paramLabel = "DIR", description = "Manifest folder (default: the repository's datasets/).")
        Path manifests;

        @Override
        public Integer call() {
            Path dir = manifests == null ? defaultManifests() : manifests;
            PathArgs.inputFolder(dir, "--manifests", "a folder of dataset manifests (the repository's datasets/)");
            List<DatasetManifest> all = DatasetManifest.all(dir);
            if (all.isEmpty()) {
                throw new IllegalArgumentException("--manifests " + dir + ": no dataset manifests (*.json) there; give "
                        + "the repository's datasets/ folder");
            }
            for (DatasetManifest m : all) {
                System.out.printf("%-14s %6s rows  %-17s  %s%n", m.name(), m.rows() == null ? "?" : m.rows(),
                        m.verified() ? "sha256 verified" : "sha256 unverified", m.format());
            }
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Downloads a benchmark's files into --dir, verifying the sha256 when the manifest has one.")
    static final class FetchCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "A manifest name (see datasets list).")
        String name;
        @Option(names = "--dir", paramLabel = "DIR", description = "Where the files go (default: datasets/cache).")
        Path dir;
        @Option(names = "--manifests", paramLabel = "DIR", description = "Manifest folder (default: the repository's datasets/).")
        Path manifests;

        @Override
        public Integer call() {
            Path from = manifests == null ? defaultManifests() : manifests;
            PathArgs.inputFolder(from, "--manifests", "a folder of dataset manifests (the repository's datasets/)");
            if (dir != null) PathArgs.outputFolder(dir, "--dir");
            DatasetManifest m = DatasetManifest.named(from, name);
            Path to = dir == null ? from.resolve("cache") : dir;
            for (DatasetFetcher.Fetched f : new DatasetFetcher().fetch(m, to)) {
                System.out.println(f.file() + "  sha256 " + f.sha256() + (f.verified() ? "  verified"
                        : "  NOT verified (the manifest has no published checksum: " + m.sha256Status() + ")"));
            }
            return 0;
        }
    }
}
