package org.reasonbridge.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reasonbridge.curation.CurationListener;
import org.reasonbridge.curation.CurationResult;
import org.reasonbridge.data.ExampleReader;
import org.reasonbridge.model.config.ModelConfigReader;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notebooks' shared recipe: the pocket world curated into a training file, and the students' folders. */
class WalkthroughTest {
    @Test
    void curatesThePocketWorldAndWritesTheModelsOnce(@TempDir Path dir) throws Exception {
        CurationResult r = Walkthrough.curate(dir, CurationListener.NONE);
        assertEquals(Walkthrough.SELECTED, r.selected().size());
        assertEquals(Walkthrough.SELECTED, ExampleReader.read(Walkthrough.trainingData(dir)).size());
        // the pool stage drops exactly what the world planted
        MiniWorld world = MiniWorld.build(Walkthrough.pocket());
        assertEquals(world.expectedKept(), r.summary().intColumn("kept").get(0));

        Path student = Walkthrough.student(dir);
        assertEquals(Walkthrough.STUDENT_LAYERS, ModelConfigReader.read(student).numLayers());
        long written = Files.getLastModifiedTime(student.resolve("config.json")).toMillis();
        assertEquals(student, Walkthrough.student(dir));
        assertEquals(written, Files.getLastModifiedTime(student.resolve("config.json")).toMillis(), "written once");
        assertTrue(Files.isRegularFile(Walkthrough.solver(dir).resolve("config.json")));
    }
}
