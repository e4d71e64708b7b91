package org.reasonbridge.model.adapters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.reasonbridge.model.adapters.bottleneck.Activation;
import org.reasonbridge.model.adapters.bottleneck.BottleneckConfig;
import org.reasonbridge.model.adapters.bottleneck.Placement;
import org.reasonbridge.model.adapters.bottleneck.Placement.Position;
import org.reasonbridge.model.adapters.lora.LoraConfig;
import org.reasonbridge.model.config.ModelFamily;
import org.reasonbridge.model.levels.ReasoningLevel;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement rounding, presets, validation and JSON round trips of the adapter configs. */
class AdapterConfigTest {
    @ParameterizedTest(name = "{0} layers: early {1} | middle {2} | late {3}")
    @CsvSource(delimiter = ';', value = {
            "28; 0-9; 10-18; 19-27",
            "48; 0-15; 16-31; 32-47",
            "27; 0-8; 9-17; 18-26",
            "24; 0-7; 8-15; 16-23",
            "3; 0-0; 1-1; 2-2",
            "2; 0-0; 1-1; -",
            "1; 0-0; -; -"})
    void thirdsOfDepth(int layers, String early, String middle, String late) {
        assertEquals(early, span(Placement.early(Position.AFTER_MLP).layers(layers)));
        assertEquals(middle, span(Placement.middle(Position.AFTER_MLP).layers(layers)));
        assertEquals(late, span(Placement.late(Position.AFTER_MLP).layers(layers)));
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(Placement.early(Position.AFTER_MLP).layers(layers)),
                Arrays.stream(Placement.middle(Position.AFTER_MLP).layers(layers))),
                Arrays.stream(Placement.late(Position.AFTER_MLP).layers(layers))).toArray();
        assertTrue(Arrays.equals(IntStream.range(0, layers).toArray(), all), "thirds partition the layers");
    }

    private static String span(int[] l) {
        return l.length == 0 ? "-" : l[0] + "-" + l[l.length - 1];
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "paper,    'strategic:after_attention:0-9,tactical:after_mlp:10-18,operational:after_mlp:19-27'",
            "houlsby,  'strategic:after_attention:0-27,tactical:after_mlp:0-27'",
            "pfeiffer, 'tactical:after_mlp:0-27'"})
    void presetsOnTwentyEightLayers(String preset, String expected) {
        BottleneckConfig c = BottleneckConfig.preset(preset);
        String got = c.placements().entrySet().stream().map(e -> e.getKey().id() + ":" + e.getValue().position().id()
                + ":" + span(e.getValue().layers(28))).collect(Collectors.joining(","));
        assertEquals(expected, got);
        assertEquals(64, c.bottleneckSize());
        assertEquals(Activation.GELU, c.activation());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void jsonRoundTrip(String name, AdapterConfig c) {
        assertEquals(c, AdapterConfig.fromJson(c.method(), c.toJson(), "test"));
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("paper", BottleneckConfig.paper()),
                Arguments.of("houlsby relu b=16", BottleneckConfig.houlsby().withBottleneckSize(16).withActivation(Activation.RELU)),
                Arguments.of("paper without tactical", BottleneckConfig.paper().drop(ReasoningLevel.TACTICAL)),
                Arguments.of("lora", LoraConfig.defaults()),
                Arguments.of("lora r=16 mlp", new LoraConfig(16, 8, java.util.List.of("gate_proj", "up_proj"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidConfigsAreRefused(String why, Executable make) {
        assertThrows(IllegalArgumentException.class, make);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("bottleneck 0", (Executable) () -> BottleneckConfig.paper().withBottleneckSize(0)),
                Arguments.of("negative init std", (Executable) () -> BottleneckConfig.paper().withDownInitStd(-1)),
                Arguments.of("every level dropped", (Executable) () -> BottleneckConfig.pfeiffer().drop(ReasoningLevel.TACTICAL)),
                Arguments.of("no placements", (Executable) () -> new BottleneckConfig(Map.of(), 8, Activation.GELU, 0.01, Set.of())),
                Arguments.of("an adapter for the answer part", (Executable) () -> new BottleneckConfig(
                        Map.of(ReasoningLevel.OUTPUT, Placement.everyLayer(Position.AFTER_MLP)), 8, Activation.GELU, 0.01, Set.of())),
                Arguments.of("span from >= to", (Executable) () -> new Placement(Position.AFTER_MLP, 0.5, 0.5)),
                Arguments.of("span past 1", (Executable) () -> new Placement(Position.AFTER_MLP, 0, 1.5)),
                Arguments.of("unknown preset", (Executable) () -> BottleneckConfig.preset("nope")),
                Arguments.of("lora rank 0", (Executable) () -> LoraConfig.rank(0)),
                Arguments.of("lora unknown target", (Executable) () -> LoraConfig.defaults().withTargets("qkv")),
                Arguments.of("lora mlp on mixtral", (Executable) () -> LoraConfig.defaults().withTargets("up_proj")
                        .shapes(TinyModels.config(ModelFamily.MIXTRAL))));
    }

    @ParameterizedTest(name = "dropping {0}")
    @CsvSource({"STRATEGIC, 2", "TACTICAL, 2", "OPERATIONAL, 2"})
    void droppedLevelsGetNoTensors(ReasoningLevel level, int remainingAdapters) {
        BottleneckConfig c = BottleneckConfig.paper().drop(level);
        var shapes = c.shapes(ParameterReportTest.QWEN_7B);
        assertTrue(shapes.keySet().stream().noneMatch(n -> n.contains(".adapters." + level.id() + ".")));
        assertEquals(remainingAdapters, shapes.keySet().stream().map(n -> n.replaceAll("^model\\.layers\\.\\d+\\.", ""))
                .map(n -> n.split("\\.")[1]).distinct().count());
    }
}
