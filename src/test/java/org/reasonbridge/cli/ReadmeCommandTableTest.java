package org.reasonbridge.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The README's command table is the CLI's contract, so it must say what the commands take: every flag of a row
 * exists on its command, every option of a command appears in one of its rows, and every command has a row. Read
 * from the command tree itself (the framework's and bench's), so a flag added or renamed anywhere fails here until
 * the README says so.
 */
class ReadmeCommandTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| (`.*?`(?: / `.*?`)*) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    /** Options every command has from picocli; the README states them once ("--help documents every flag"). */
    private static final Set<String> STANDARD = Set.of("--help", "--version", "-h", "-V");

    @Test
    void theReadmeTableAndTheCommandsAgreeFlagForFlag() throws IOException {
        Map<String, Set<String>> readme = readmeRows();
        Map<String, CommandSpec> commands = new TreeMap<>();
        leaves(Main.commandLine(), "", commands);

        List<String> problems = new ArrayList<>();
        for (String row : readme.keySet()) {
            if (!commands.containsKey(row)) problems.add("README row `" + row + "`: no such command");
        }
        commands.forEach((name, spec) -> {
            Set<String> documented = readme.get(name);
            if (documented == null) {
                problems.add("command `" + name + "`: no row in the README's command table");
                return;
            }
            Set<String> actual = new TreeSet<>();
            for (OptionSpec o : spec.options()) {
                for (String n : o.names()) if (!STANDARD.contains(n)) actual.add(n);
            }
            for (String flag : documented) {
                if (!actual.contains(flag)) problems.add("README `" + name + "` lists " + flag + ", which the command does not take");
            }
            for (OptionSpec o : spec.options()) {
                if (o.names().length > 0 && STANDARD.contains(o.names()[0])) continue;
                boolean listed = false;
                for (String n : o.names()) listed |= documented.contains(n);
                if (!listed) problems.add("command `" + name + "` takes " + o.longestName() + ", missing from its README row");
            }
        });
        assertEquals(List.of(), problems, String.join("\n", problems));
        assertFalse(commands.isEmpty());
    }

    /** The command table's rows: command path ("adapters report") -> the flags its rows name. */
    static Map<String, Set<String>> readmeRows() throws IOException {
        Path root = Path.of(System.getProperty("reasonbridge.root", "..")).toAbsolutePath().normalize();
        String text = Files.readString(root.resolve("README.md"));
        int start = text.indexOf("## Command line");
        String table = text.substring(start, text.indexOf("\n## ", start + 1));
        Map<String, Set<String>> rows = new TreeMap<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            Matcher code = CODE.matcher(row.group(1));
            while (code.find()) {
                String cell = code.group(1).replace("\\|", "|");
                String[] words = cell.split("\\s+");
                String name = words[0];
                // a command with subcommands ("datasets list", "bench train") is named with its subcommand
                if (words.length > 1 && words[1].matches("[a-z][a-z-]*") && GROUPS.contains(name)) name += " " + words[1];
                Set<String> flags = rows.computeIfAbsent(name, k -> new TreeSet<>());
                Matcher f = FLAG.matcher(cell);
                while (f.find()) flags.add(f.group());
            }
        }
        return rows;
    }

    /** Commands that only group subcommands. */
    private static final Set<String> GROUPS = Set.of("adapters", "datasets", "bench");

    /** Every runnable command, by its path below {@code reasonbridge}; {@code help} is picocli's own. */
    private static void leaves(CommandLine cmd, String path, Map<String, CommandSpec> out) {
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            String name = path.isEmpty() ? e.getKey() : path + " " + e.getKey();
            if (e.getValue().getSubcommands().keySet().stream().anyMatch(k -> !k.equals("help"))) {
                leaves(e.getValue(), name, out);
            } else {
                out.put(name, e.getValue().getCommandSpec());
            }
        }
    }
}
