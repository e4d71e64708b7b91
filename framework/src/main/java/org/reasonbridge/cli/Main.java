package org.reasonbridge.cli;

import org.reasonbridge.model.input.Names;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@code ./reasonbridge <subcommand>}: the one command line of the project. Subcommands, flags and output
 * formats are a contract checked from outside; change them only compatibly.
 */
@Command(name = "reasonbridge", mixinStandardHelpOptions = true, version = "reasonbridge 0.1.0",
        description = "Reasoning transfer from a teacher into an open student model (Deeplearning4j / SameDiff).",
        subcommands = {GenerateCommand.class, LogitsCommand.class, InitModelCommand.class, TrainCommand.class,
                ResultsCommand.class,
                AdaptersCommand.class, EvalCommand.class, SweepCommand.class, CurateCommand.class, ServeCommand.class, GradeCommand.class,
                AnalyzeCommand.class, DatasetsCommand.class, ExportCommand.class, DemoCommand.class, AblateCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } catch (Error e) {
            // out of memory or stack: picocli lets errors through; they get a message too
            return fail(e, cli.getErr());
        }
    }

    /** The whole command tree, with the subcommands of other modules on the class path (bench). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // modules on the class path add theirs (bench); help stays last in the listing
        for (Subcommands more : ServiceLoader.load(Subcommands.class)) more.commands().forEach(cli::addSubcommand);
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> fail(e, cmd.getErr()));
        cli.setParameterExceptionHandler(Main::usageError);
        TrainCommand.document(cli.getSubcommands().get("train"));
        return cli;
    }

    /**
     * A usage error as picocli reports it, except that a mistyped option is named alone, with "did you mean", even
     * where picocli would report the required option it hid or list its value as a second unknown option:
     * {@code train --modle m} says {@code Unknown option: '--modle' (did you mean '--model'?)}.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        List<String> unknown = cmd.getParseResult() == null ? List.of() : cmd.getParseResult().unmatched().stream()
                .filter(a -> a.startsWith("-")).toList();
        if ((e instanceof CommandLine.MissingParameterException || e instanceof CommandLine.UnmatchedArgumentException)
                && !unknown.isEmpty()) {
            for (String u : unknown) {
                String name = u.contains("=") ? u.substring(0, u.indexOf('=')) : u;
                err.println("Unknown option: '" + name + "'"
                        + Names.didYouMean(name, cmd.getCommandSpec().optionsMap().keySet()));
            }
        } else {
            err.println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        cmd.usage(err, cmd.getColorScheme());
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A user sees what went wrong and where, not a stack trace; REASONBRIDGE_DEBUG=1 shows it. */
    private static int fail(Throwable e, PrintWriter err) {
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
