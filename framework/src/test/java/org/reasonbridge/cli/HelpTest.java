package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.training.TrainingConfig;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --help} of every command: exit 0, the usage on stdout, nothing on stderr (a picocli formatting warning, such
 * as a bare {@code %} in a description, would land there), and {@code train --help} lists every config key.
 */
class HelpTest {
    static List<String> commands() {
        List<String> out = new ArrayList<>();
        leaves(Main.commandLine(), "", out);
        return out;
    }

    private static void leaves(CommandLine c, String prefix, List<String> out) {
        if (c.getSubcommands().isEmpty()) {
            out.add(prefix.strip());
            return;
        }
        c.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) return; // an alias of a command listed under its name
            leaves(sub, prefix + " " + name, out);
        });
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void helpIsCleanUsage(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        CliRun.Result r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), command + " --help wrote to stderr");
        assertTrue(r.out().contains("Usage: "), r.out());
    }

    @Test
    void trainHelpListsEveryConfigKey() {
        String help = CliRun.run("train", "--help").out();
        for (String key : TrainingConfig.keys()) assertTrue(help.contains(key), key + " missing from train --help");
    }
}
