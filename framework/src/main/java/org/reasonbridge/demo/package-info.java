/**
 * The embedded mini world: everything the method needs to run end to end on a laptop CPU in minutes, with no API
 * key and no downloaded weights. Problems with exact answers, a pool to curate, held-out test sets, and a teacher
 * that writes hierarchical traces and serves them over OpenAI's wire.
 *
 * <h2>What is in it</h2>
 * <ul>
 *   <li><b>Eight domains</b> ({@link org.reasonbridge.demo.MiniDomain}), each a generator that writes a problem
 *       in a fixed phrasing and reads it back: money word problems (MSC 97), linear equations (12), remainders (11),
 *       counting (05), sequences (40), knights and knaves (PUZ), digit programs (CS), and rectangles (51), which is
 *       held out: it is never in the pool, only in test sets, for the generalisation table. The phrasings use words real problems use
 *       ("root of", "remainder", "combinations", "arithmetic sequence", "knave", "program", "dollars", "area"), so the keyword
 *       classifier puts every problem in its domain without special rules.</li>
 *   <li><b>One difficulty knob</b>, the level 1 to 5, which sets the number of operations a solution needs (one or
 *       two at level 1, six to thirteen at level 5; {@link org.reasonbridge.demo.Solution#operations()}). The pool
 *       holds levels 1 to 3; each domain has a test set at those levels and a hard one at levels 4 and 5.</li>
 *   <li><b>A pool</b> ({@link org.reasonbridge.demo.MiniWorld}, sizes in {@link org.reasonbridge.demo.WorldConfig}:
 *       about 30,000 records by default) from three sources in the formats the pool reader takes: a textbook in JSON
 *       Lines, a contest in CSV, a forum in JSON Lines with other field names. Planted in it: exact copies (verbatim
 *       across sources, and respaced reposts), near copies (a few words added), test items copied in whole or with
 *       a few words added, and forum posts without an answer. The builder runs the real de-duplicator and
 *       decontaminator over the result and takes out anything they flag that was not planted, so the pool stage's
 *       drops are known exactly ({@link org.reasonbridge.demo.MiniWorld#expectedDrops()}, {@code world.json}).</li>
 *   <li><b>A teacher</b> ({@link org.reasonbridge.demo.MiniTeacher}) that solves any problem in the world's
 *       phrasing exactly and writes the solution in the three levels (a plan in {@code <strategic>}, each step's
 *       set-up in {@code <tactical>}, its calculations and a final check in {@code <operational>}), the answer
 *       boxed after s1's lead-in in the response ({@code Final Answer: \boxed{12}.}, what budget forcing forces); now and then it rechecks a line or catches a slip ("Wait, that is wrong: ..."), and
 *       at configured rates ({@link org.reasonbridge.demo.TeacherStyle}, 15% by default) it writes one of six
 *       {@link org.reasonbridge.demo.Flaw}s, each of which the quality filter drops for its own reason.
 *       {@link org.reasonbridge.demo.TeacherServer} puts it on 127.0.0.1 behind {@code /v1/chat/completions}, the
 *       thinking in {@code reasoning_content} (or in {@code <think>} inside the content).</li>
 * </ul>
 *
 * <h2>Why it is built this way</h2>
 * <ul>
 *   <li><b>So a tiny student can learn it.</b> The student is a decoder of a few layers trained from scratch for
 *       minutes. Everything it reads is small and regular: sixteen names, sixteen things, a few hundred words, one
 *       phrasing per kind of sentence, numbers mostly below a thousand, traces of 40 to 170 words at the pool's
 *       levels (knights and knaves the longest). A solution is a chain of one-operation lines ({@code 3 * 4 = 12.}), each short enough to learn.</li>
 *   <li><b>So the method can show an effect.</b> Every answer needs several operations at levels 2 and up, and
 *       numbers are drawn fresh for every problem, so a model trained on problems and bare answers can only guess
 *       or pattern-match; the traces spell out each operation, and the plan/set-up/work split is exactly what the
 *       hierarchical loss weighs. The hard levels need more of the same steps (does the student extrapolate?),
 *       the held-out domain uses the same arithmetic in a new setting (does it transfer?), and guided intervention
 *       has something to find: every number of the problem appears in a correct trace, checks are explicit, and the
 *       thinking ends with "So the answer is".</li>
 *   <li><b>So curation has real work.</b> De-duplication and decontamination meet the cases they exist for, and
 *       the quality filter meets each flaw it names. Pool problems are drawn so that none shares an 8-gram with a
 *       test item and none is a near copy of another by the de-duplicator's own measure (problems of one template
 *       that differ in a single number can be; those are drawn again): every sentence carries a name or a number, and
 *       names recur in the question, so that is rare. Level 1 needs one or two operations, within reach of a
 *       small model that answers directly; level 3 needs several, which such a model is not expected to manage, so
 *       the difficulty filter has a boundary to find.</li>
 *   <li><b>So it is reproducible.</b> Everything follows from seeds: the same {@link org.reasonbridge.demo.WorldConfig}
 *       writes the same bytes, and the teacher's reply is a function of its seed and the prompt text, so journals and
 *       reruns agree.</li>
 * </ul>
 */
package org.reasonbridge.demo;
