package org.reasonbridge.teacher;

import org.reasonbridge.data.Problem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The process {@link TeacherKillTest} kills: a teacher run over problems p1..pN against a fake server, writing
 * the outcomes at the end. Args: base URL, provider, journal, outcomes file, N.
 */
public final class TeacherKillMain {
    public static void main(String[] args) {
        List<Problem> problems = IntStream.rangeClosed(1, Integer.parseInt(args[4])).mapToObj(FakeTeacherServer::problem).toList();
        TeacherClient c = Teachers.client(args[1], args[0], k -> "kill-test-key", Duration.ofSeconds(10));
        List<TeacherOutcome> out = new TeacherRun(c, Path.of(args[2]), Teachers.fast(3, 3)).run(problems);
        TeacherOutcome.write(Path.of(args[3]), out);
    }
}
