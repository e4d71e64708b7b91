package org.reasonbridge.inference;

import org.reasonbridge.data.ThinkingFormat;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LmReply;
import org.reasonbridge.lm.LmRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Budget forcing and GII for a student behind a completions endpoint ({@link LanguageModel} with raw prompts, e.g.
 * {@link org.reasonbridge.lm.OpenAiCompletionsModel}), the way s1 drives vLLM, with the same decision
 * loop as the local decode hook ({@code InterventionLoop}): generate with
 * {@code stop = [end of thinking]} and {@code max_tokens} = the thinking tokens left; while interventions remain
 * (and tokens are left, and the model stopped rather than ran out), send a new request whose prompt is the previous
 * prompt + the generated text + the phrase; finally send the prompt + the thinking + the forced delimiter and
 * answer lead-in for the answer. While the path is watched for redirection, thinking goes in rounds of at most
 * {@link RedirectConfig#roundTokens()} tokens; after each, the loop's path monitor reads the text, and a redirect cuts
 * it and appends the phrase (the cut tokens stay counted against the budget: they were generated). As in s1, the spliced phrases are not counted against the budget (the server
 * does not report their tokens). A server that omits {@code usage.completion_tokens} is charged one token per
 * four characters, an estimate.
 */
public final class RemoteForcing {
    /**
     * What a remote run produced.
     *
     * @param thinking       the thinking, with the spliced phrases, without the delimiter
     * @param answer         the answer after the lead-in
     * @param interventions  each phrase, with its position as a character offset in {@code thinking}
     * @param thinkingTokens thinking tokens the server reported
     * @param requests       requests sent (thinking rounds + the answer)
     * @param completion     the whole continuation of the prompt: thinking, forced delimiter and lead-in, answer
     * @param promptTokens   the first request's prompt tokens, or null when the server did not say
     * @param answerTokens   the answer's tokens, or null when the server did not say
     * @param finishReason   why the answer ended ({@code stop}, {@code length}, ...)
     * @param forcedAt       thinking tokens when the budget ran out and the end was forced, -1 when the model ended
     *                       its thinking
     */
    public record Result(String thinking, String answer, List<Intervention> interventions, int thinkingTokens,
                         int requests, String completion, Integer promptTokens, Integer answerTokens, String finishReason,
                         int forcedAt) {
        public Result {
            interventions = List.copyOf(interventions);
        }

        /**
         * What the policy did, in the local hook's shape ({@link SteeringHook#report}); {@code forced_at} is the
         * thinking tokens when the budget ran out, -1 when the model ended its thinking; {@code requests} added.
         */
        public java.util.Map<String, Object> report() {
            java.util.Map<String, Object> m = SteeringHook.report(thinkingTokens, forcedAt, interventions);
            m.put("requests", requests);
            return m;
        }
    }

    private final LanguageModel client;
    private final ThinkingFormat format;
    private final InterventionConfig config;
    private final BiFunction<String, String, Assessment> assessor;
    private final int maxAnswerTokens;
    private final List<String> answerStops;
    private final double temperature;

    private RemoteForcing(LanguageModel client, ThinkingFormat format, InterventionConfig config,
                          BiFunction<String, String, Assessment> assessor, int maxAnswerTokens,
                          List<String> answerStops, double temperature) {
        this.client = Objects.requireNonNull(client, "client");
        this.format = Objects.requireNonNull(format, "format");
        this.config = Objects.requireNonNull(config, "config");
        this.assessor = assessor;
        if (maxAnswerTokens < 1) throw new IllegalArgumentException("maxAnswerTokens must be >= 1");
        this.maxAnswerTokens = maxAnswerTokens;
        this.answerStops = List.copyOf(answerStops);
        this.temperature = temperature;
    }

    /** s1: ignore the end of thinking {@code ignores} times with "Wait", at most {@code maxThinkingTokens}; greedy. */
    public static RemoteForcing budgetForcing(LanguageModel client, ThinkingFormat format, int ignores,
                                              int maxThinkingTokens, int maxAnswerTokens) {
        return withConfig(client, format, InterventionConfig.onePhrase(BudgetForcing.WAIT, ignores, maxThinkingTokens),
                maxAnswerTokens);
    }

    /** Budget forcing with every knob of {@code config}; greedy. */
    static RemoteForcing withConfig(LanguageModel client, ThinkingFormat format, InterventionConfig config,
                                    int maxAnswerTokens) {
        return new RemoteForcing(client, format, config, (thinking, problem) -> BudgetForcing.ALWAYS_EXTEND,
                maxAnswerTokens, List.of(), 0);
    }

    /** GII: the detector's state picks the phrase; greedy. */
    public static RemoteForcing guided(LanguageModel client, ThinkingFormat format, InterventionConfig config,
                                       StateDetector detector, int maxAnswerTokens) {
        return new RemoteForcing(client, format, config, detector::assess, maxAnswerTokens, List.of(), 0);
    }

    /** This run with sampling at {@code t} and the answer stopping at {@code stops} (e.g. {@code <|im_end|>}). */
    public RemoteForcing with(double t, List<String> stops) {
        return new RemoteForcing(client, format, config, assessor, maxAnswerTokens, stops, t);
    }

    /** Tokens of {@code text} when the server does not say: one per four characters. */
    static int estimate(String text) {
        return (text.length() + 3) / 4;
    }

    /** Thinks and answers; {@code prompt} ends where thinking starts, {@code problem} (may be null) feeds the detector. */
    public Result run(String prompt, String problem) {
        return run(prompt, problem, Integer.MAX_VALUE);
    }

    /**
     * {@link #run(String, String)} within {@code maxTokens} generated tokens in all, as a local generation is: the
     * thinking within the smaller of the budget and that, the answer within what is left (at least one token).
     */
    public Result run(String prompt, String problem, int maxTokens) {
        InterventionConfig c = config.withThinkingBudget(Math.max(1, Math.min(config.thinkingBudget(), maxTokens)));
        InterventionLoop loop = new InterventionLoop(c, thinking -> assessor.apply(thinking, problem));
        StringBuilder thinking = new StringBuilder();
        int requests = 0;
        Integer promptTokens = null;
        while (true) {
            int remaining = c.thinkingBudget() - loop.thinkingTokens();
            // while the path is watched, think in rounds, so a loop is cut within a round of where it began
            int round = loop.watching() ? Math.min(remaining, c.redirect().roundTokens()) : remaining;
            LmReply o = client.answer(LmRequest.completion(prompt + thinking).withMaxTokens(round)
                    .withStop(List.of(format.end())).withTemperature(temperature).withSubject(problem));
            if (requests++ == 0) promptTokens = o.promptTokens();
            // a server that counts the stop sequence's token may report more than it was allowed: the thinking is at
            // most what was asked for, so the count never passes the budget
            int tokens = Math.min(round, o.completionTokens() != null ? o.completionTokens() : estimate(o.text()));
            thinking.append(o.text());
            loop.advance(loop.thinkingTokens() + tokens);
            // the same monitor as locally (which sees a word once a space follows it); the cut tokens stay counted
            InterventionLoop.Decision.Redirect r = loop.onProgress(thinking.toString(), RemoteForcing::estimate, cut -> cut,
                    (cut, splice) -> true);
            if (r != null) {
                thinking.setLength(r.cut());
                thinking.append(r.splice());
                if (!loop.budgetSpent()) continue;
            }
            // a round cut short by its own cap (not the budget) thinks on; one that brought nothing ends the thinking
            if (o.hitLength() && round < remaining && tokens > 0) continue;
            // stopped by the length limit rather than at the end of thinking: the budget is spent
            if (loop.budgetSpent() || o.hitLength()) {
                loop.forced();
                break;
            }
            // as in s1, the phrases are not counted: the server does not report their tokens
            if (!(loop.onEndAttempt(thinking.toString(), thinking.length(), phrase -> 0)
                    instanceof InterventionLoop.Decision.Intervene i)) break;
            thinking.append(i.intervention().phrase());
        }
        long left = (long) maxTokens - loop.thinkingTokens();
        int answerTokens = (int) Math.max(1, Math.min(maxAnswerTokens, left));
        String forced = prompt + thinking + format.forcedAnswer();
        LmReply answer = client.answer(LmRequest.completion(forced).withMaxTokens(answerTokens).withStop(answerStops)
                .withTemperature(temperature).withSubject(problem));
        return new Result(thinking.toString(), answer.text(), loop.interventions(), loop.thinkingTokens(), requests + 1,
                thinking + format.forcedAnswer() + answer.text(), promptTokens, answer.completionTokens(), answer.finishReason(),
                loop.forcedAt());
    }
}
