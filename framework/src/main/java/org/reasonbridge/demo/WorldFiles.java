package org.reasonbridge.demo;

import org.reasonbridge.curation.pool.PoolStage;
import org.reasonbridge.data.JsonLines;
import org.reasonbridge.demo.MiniWorld.PoolRecord;
import org.reasonbridge.demo.MiniWorld.PoolSource;
import org.reasonbridge.demo.MiniWorld.TestItem;
import org.reasonbridge.demo.MiniWorld.TestSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Where a written world is:
 * <pre>
 * DIR/pools/mini-textbook.json + .jsonl   {id, problem, answer, solution, topic, level}
 * DIR/pools/mini-contest.json + .csv      uid,question,final_answer,round
 * DIR/pools/mini-forum.json + .jsonl      {post_id, body, accepted_answer, votes}; unanswered posts filtered
 * DIR/test/NAME.jsonl                     {id, question, answer, subject, level}: eval --benchmark jsonl
 * DIR/world.json                          the config, the counts, and the expected pool-stage drops with their ids
 * </pre>
 *
 * @param dir       the world's folder
 * @param manifests the pool manifests, in the order to read them
 * @param tests     the test set files by name ({@code arithmetic}, {@code arithmetic-hard}, ..., {@code geometry})
 * @param summary   {@code world.json}
 */
public record WorldFiles(Path dir, List<Path> manifests, Map<String, Path> tests, Path summary) {
    public WorldFiles {
        manifests = List.copyOf(manifests);
        tests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tests));
    }

    static WorldFiles write(MiniWorld world, Path dir) {
        try {
            Files.createDirectories(dir.resolve("pools"));
            Files.createDirectories(dir.resolve("test"));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the world's folders", e);
        }
        // metadata that is not part of a problem (rounds, votes) comes from its own stream, never from the pool's
        SplittableRandom extras = new SplittableRandom(world.config().seed() * 31 + 1);
        List<Path> manifests = new ArrayList<>();
        for (PoolSource s : world.sources()) {
            Path data = dir.resolve("pools").resolve(s.name() + "." + s.format());
            ObjectNode fields = JsonLines.JSON.createObjectNode();
            List<String> filter = List.of();
            switch (s.name()) {
                case PoolBuilder.TEXTBOOK -> {
                    List<String> lines = new ArrayList<>();
                    for (PoolRecord r : s.records()) {
                        lines.add(json(JsonLines.JSON.createObjectNode().put("id", r.id()).put("problem", r.text())
                                .put("answer", r.answer()).put("solution", terse(r.exercise().solution()))
                                .put("topic", r.exercise().domain().id()).put("level", r.exercise().level())));
                    }
                    JsonLines.write(data, lines);
                    fields.put("id", "id").put("problem", "problem").put("answer", "answer").put("solution", "solution");
                    fields.putArray("metadata").add("topic").add("level");
                }
                case PoolBuilder.CONTEST -> {
                    List<String> lines = new ArrayList<>();
                    lines.add("uid,question,final_answer,round");
                    for (PoolRecord r : s.records()) {
                        lines.add(String.join(",", csv(r.id()), csv(r.text()), csv(r.answer()), "R" + (1 + extras.nextInt(4))));
                    }
                    JsonLines.write(data, lines);
                    fields.put("id", "uid").put("problem", "question").put("answer", "final_answer").putNull("solution");
                    fields.putArray("metadata").add("round");
                }
                default -> {
                    List<String> lines = new ArrayList<>();
                    for (PoolRecord r : s.records()) {
                        lines.add(json(JsonLines.JSON.createObjectNode().put("post_id", r.id()).put("body", r.text())
                                .put("accepted_answer", r.answer()).put("votes", extras.nextInt(51))));
                    }
                    JsonLines.write(data, lines);
                    fields.put("id", "post_id").put("problem", "body").put("answer", "accepted_answer").putNull("solution");
                    fields.putArray("metadata").add("votes");
                    filter = List.of("answer");
                }
            }
            ObjectNode m = JsonLines.JSON.createObjectNode().put("source", s.name()).put("description", s.description());
            m.putNull("origin");
            m.putArray("files").add(data.getFileName().toString());
            m.putNull("format");
            m.set("fields", fields);
            ArrayNode nonEmpty = m.putObject("filters").putArray("non_empty");
            filter.forEach(nonEmpty::add);
            Path manifest = dir.resolve("pools").resolve(s.name() + ".json");
            writeText(manifest, pretty(m));
            manifests.add(manifest);
        }
        Map<String, Path> tests = new LinkedHashMap<>();
        for (TestSet t : world.testSets()) {
            Path file = dir.resolve("test").resolve(t.name() + ".jsonl");
            List<String> lines = new ArrayList<>();
            for (TestItem item : t.items()) {
                lines.add(json(JsonLines.JSON.createObjectNode().put("id", item.id()).put("question", item.exercise().text())
                        .put("answer", item.exercise().answer()).put("subject", t.domain().id()).put("level", item.exercise().level())));
            }
            JsonLines.write(file, lines);
            tests.put(t.name(), file);
        }
        Path summary = dir.resolve("world.json");
        writeText(summary, pretty(summary(world, dir, manifests, tests)));
        return new WorldFiles(dir, manifests, tests, summary);
    }

    private static ObjectNode summary(MiniWorld world, Path dir, List<Path> manifests, Map<String, Path> tests) {
        WorldConfig c = world.config();
        ObjectNode root = JsonLines.JSON.createObjectNode();
        root.put("description", "A ReasonBridge mini world: read the pools in the order of 'manifests', decontaminate "
                + "against every file of 'tests'; the pool stage then drops exactly 'expected_drops'.");
        root.set("config", JsonLines.JSON.valueToTree(c));
        ArrayNode ms = root.putArray("manifests");
        manifests.forEach(p -> ms.add(dir.relativize(p).toString()));
        ObjectNode ts = root.putObject("tests");
        for (TestSet t : world.testSets()) {
            ts.putObject(t.name()).put("file", dir.relativize(tests.get(t.name())).toString()).put("domain", t.domain().id())
                    .put("code", t.domain().code()).put("held_out", t.domain().heldOut()).put("hard", t.hard())
                    .put("items", t.items().size());
        }
        ObjectNode sources = root.putObject("sources");
        for (PoolSource s : world.sources()) {
            ObjectNode o = sources.putObject(s.name()).put("records", s.records().size());
            Map<String, Long> planted = s.records().stream().collect(Collectors.groupingBy(
                    r -> r.planted().name().toLowerCase(), java.util.TreeMap::new, Collectors.counting()));
            planted.forEach(o::put);
            Map<String, Long> domains = s.records().stream().collect(Collectors.groupingBy(
                    r -> r.exercise().domain().id(), java.util.TreeMap::new, Collectors.counting()));
            ObjectNode d = o.putObject("domains");
            domains.forEach(d::put);
        }
        root.put("removed_while_building", world.removedWhileBuilding());
        ObjectNode counts = root.putObject("expected_counts");
        Map<String, List<String>> drops = world.expectedDrops();
        counts.put("records", world.sources().stream().mapToInt(s -> s.records().size()).sum());
        for (PoolStage st : PoolStage.values()) counts.put(st.id, drops.get(st.id).size());
        counts.put("kept", world.expectedKept());
        ObjectNode ids = root.putObject("expected_drops");
        drops.forEach((stage, list) -> list.forEach(ids.putArray(stage)::add));
        return root;
    }

    /** The work lines alone, as a terse textbook solution. */
    private static String terse(Solution s) {
        return s.steps().stream().flatMap(st -> st.work().stream()).collect(Collectors.joining(" "));
    }

    /** One RFC 4180 cell: quoted when it holds a comma, a quote or a line break. */
    static String csv(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) return cell;
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    private static String json(ObjectNode o) {
        try {
            return JsonLines.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pretty(ObjectNode o) {
        try {
            return JsonLines.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write", e);
        }
    }
}
