package org.reasonbridge.curation;

import org.reasonbridge.curation.filter.AnswerCheck;
import org.reasonbridge.curation.filter.DifficultyFilter;
import org.reasonbridge.curation.filter.DiversitySampler;
import org.reasonbridge.curation.filter.DomainClassifier;
import org.reasonbridge.curation.filter.KeywordDomainClassifier;
import org.reasonbridge.eval.Benchmark;
import org.reasonbridge.grading.HumanEvalGrader;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.teacher.TeacherClient;
import org.reasonbridge.teacher.TeacherPrompt;
import org.reasonbridge.teacher.TeacherRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * What to curate with. Only what the stages that run need must be given: a run from {@code quality} needs no
 * pool manifests and no teacher, one from {@code selection} no solvers either (pass empty lists or null).
 *
 * @param poolManifests   pool manifests ({@code datasets/pools/*.json}); the pool stage
 * @param evaluationSets  benchmarks to decontaminate against (8-gram overlap); the pool stage
 * @param teacher         who writes the traces; the teacher stage
 * @param teacherOptions  concurrency, rate limit, retries of the teacher calls
 * @param teacherPrompt   what the teacher is asked besides the problem, default {@link TeacherInstructions#DEFAULT}
 *                        (level tags and a boxed answer); recorded in the teacher journal
 * @param difficulty      the solvers that must all fail a problem for it to count as hard (two in s1), their
 *                        token limit and concurrency; the difficulty stage
 * @param domains         the domain classifier (keywords offline, or a model)
 * @param tokens          trace length in tokens, for preferring longer traces within a domain (counted on the
 *                        thinking without level tags)
 * @param size            how many to select, default 1000
 * @param seed            the selection's seed
 * @param ablations       which comparison sets to write (all by default; {@link Ablation#NO_QUALITY} costs solver calls)
 * @param answers         how answers are checked: reference answers only (default), or also by running the tests a
 *                        pool supplies for programming problems ({@link AnswerCheck#runningTests})
 */
public record CurationInputs(List<Path> poolManifests, List<Benchmark> evaluationSets, TeacherClient teacher,
                             TeacherRun.Options teacherOptions, TeacherPrompt teacherPrompt, DifficultyFilter difficulty,
                             DomainClassifier domains, ToIntFunction<String> tokens, int size, long seed, Set<Ablation> ablations,
                             AnswerCheck answers) {
    public CurationInputs {
        if (size <= 0) throw new IllegalArgumentException("size must be > 0");
        if (domains == null || tokens == null) throw new IllegalArgumentException("a domain classifier and a token count are required");
        poolManifests = poolManifests == null ? List.of() : List.copyOf(poolManifests);
        evaluationSets = evaluationSets == null ? List.of() : List.copyOf(evaluationSets);
        ablations = ablations == null ? Set.of() : Set.copyOf(ablations);
        teacherPrompt = teacherPrompt == null ? TeacherInstructions.DEFAULT : teacherPrompt;
        answers = answers == null ? AnswerCheck.referenceOnly() : answers;
    }

    /** A builder with the documented defaults, for notebooks and programs: set what the stages you run need. */
    public static Builder builder() {
        return new Builder();
    }

    /** Refuses a run from {@code from} that lacks what one of its stages needs. */
    void checkFor(CurationStage from) {
        if (CurationStage.POOL.runsFrom(from) && poolManifests.isEmpty()) throw new IllegalArgumentException("no pool manifests");
        if (CurationStage.TEACHER.runsFrom(from) && (teacher == null || teacherOptions == null)) {
            throw new IllegalArgumentException("the teacher stage needs a teacher and its options");
        }
        if (CurationStage.DIFFICULTY.runsFrom(from) && difficulty == null) {
            throw new IllegalArgumentException("the difficulty stage needs a difficulty filter (its solvers)");
        }
    }

    /**
     * Inputs piece by piece. Defaults: {@link TeacherRun.Options#defaults()} (no rate limit against a loopback
     * endpoint or a local model, 60 a minute against others), {@link TeacherInstructions#DEFAULT}, the keyword domain
     * classifier, trace length in words, 1000 selected, seed 0, every ablation, reference answers only; no pools,
     * teacher or solvers.
     */
    public static final class Builder {
        private final List<Path> pools = new ArrayList<>();
        private final List<Benchmark> evaluationSets = new ArrayList<>();
        private TeacherClient teacher;
        private TeacherRun.Options teacherOptions = TeacherRun.Options.defaults();
        private TeacherPrompt teacherPrompt = TeacherInstructions.DEFAULT;
        private DifficultyFilter difficulty;
        private DomainClassifier domains = KeywordDomainClassifier.defaults();
        private ToIntFunction<String> tokens = DiversitySampler::words;
        private int size = DiversitySampler.DEFAULT_N;
        private long seed;
        private Set<Ablation> ablations = EnumSet.allOf(Ablation.class);
        private AnswerCheck answers = AnswerCheck.referenceOnly();

        private Builder() {
        }

        /** Pool manifests ({@code datasets/pools/*.json}), added to those given before. */
        public Builder pools(Path... manifests) {
            pools.addAll(List.of(manifests));
            return this;
        }

        /** Benchmarks whose problems must not leak into the pool (8-gram decontamination). */
        public Builder decontaminate(Benchmark... sets) {
            evaluationSets.addAll(List.of(sets));
            return this;
        }

        public Builder teacher(TeacherClient client) {
            this.teacher = client;
            return this;
        }

        public Builder teacherOptions(TeacherRun.Options options) {
            this.teacherOptions = options;
            return this;
        }

        /** What the teacher is asked besides the problem ({@link TeacherPrompt#NONE}: the problem alone). */
        public Builder teacherPrompt(TeacherPrompt prompt) {
            this.teacherPrompt = prompt;
            return this;
        }

        /** The difficulty filter with these solvers (s1 uses two) and its defaults; {@link #difficulty} for more control. */
        public Builder solvers(LanguageModel... solvers) {
            return difficulty(DifficultyFilter.of(solvers));
        }

        public Builder difficulty(DifficultyFilter filter) {
            this.difficulty = filter;
            return this;
        }

        public Builder domains(DomainClassifier classifier) {
            this.domains = classifier;
            return this;
        }

        /** Trace length in tokens, e.g. {@code text -> tokenizer.encode(text).length}. */
        public Builder tokens(ToIntFunction<String> count) {
            this.tokens = count;
            return this;
        }

        public Builder size(int n) {
            this.size = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder ablations(Ablation... wanted) {
            this.ablations = wanted.length == 0 ? Set.of() : EnumSet.copyOf(List.of(wanted));
            return this;
        }

        /**
         * Programming problems without a reference answer are checked by running the tests their pool supplies, on
         * the teacher's and the solvers' code, with {@code grader}'s limits. This runs model-written code on this
         * machine ({@link HumanEvalGrader} says what the limits do and do not stop); without it such problems are
         * dropped before the teacher is asked.
         */
        public Builder runTests(HumanEvalGrader grader) {
            this.answers = AnswerCheck.runningTests(grader);
            return this;
        }

        public CurationInputs build() {
            return new CurationInputs(pools, evaluationSets, teacher, teacherOptions, teacherPrompt, difficulty, domains, tokens,
                    size, seed, ablations, answers);
        }
    }
}
