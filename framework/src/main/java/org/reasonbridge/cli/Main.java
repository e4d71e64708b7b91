package org.reasonbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/**
 * {@code ./reasonbridge <subcommand>}: the one command line of the project. Subcommands, flags and output
 * formats are a contract checked from outside; change them only compatibly.
 */
@Command(name = "reasonbridge", mixinStandardHelpOptions = true, version = "reasonbridge 0.1.0",
        description = "Reasoning transfer from a teacher into an open student model (Deeplearning4j / SameDiff).",
        subcommands = {GenerateCommand.class, LogitsCommand.class, InitModelCommand.class, TrainCommand.class,
                AdaptersCommand.class, EvalCommand.class, SweepCommand.class, CurateCommand.class, ServeCommand.class, GradeCommand.class,
                AnalyzeCommand.class, DatasetsCommand.class, ExportCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // modules on the class path add theirs (bench); help stays last in the listing
        for (Subcommands more : ServiceLoader.load(Subcommands.class)) more.commands().forEach(cli::addSubcommand);
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> fail(e, cmd.getErr()));
        try {
            return cli.execute(args);
        } catch (Error e) {
            // out of memory or stack: picocli lets errors through; they get a message too
            return fail(e, cli.getErr());
        }
    }

    /** A user sees what went wrong and where, not a stack trace; REASONBRIDGE_DEBUG=1 shows it. */
    private static int fail(Throwable e, java.io.PrintWriter err) {
        if (System.getenv("REASONBRIDGE_DEBUG") != null) e.printStackTrace(err);
        err.println("error: " + ErrorMessages.describe(e));
        err.flush();
        return 1;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
