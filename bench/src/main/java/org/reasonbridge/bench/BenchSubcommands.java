package org.reasonbridge.bench;

import org.reasonbridge.cli.Subcommands;

import java.util.List;

/** Adds {@code bench} to {@code ./reasonbridge} when this module's jar is on the class path. */
public final class BenchSubcommands implements Subcommands {
    @Override
    public List<Object> commands() {
        return List.of(new BenchCommand());
    }
}
