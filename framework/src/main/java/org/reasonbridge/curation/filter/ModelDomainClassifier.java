package org.reasonbridge.curation.filter;

import org.reasonbridge.data.Problem;
import org.reasonbridge.lm.LanguageModel;
import org.reasonbridge.lm.LmRequest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * s1's domain classification: a teacher model reads the question and the rubric (every {@link Domain}'s prompt
 * entry, joined) and ends its answer with the code. The code is the last known code on the answer's last
 * non-empty line (s1 took the last two characters); output with no known code there, or an error from the
 * model, falls back to the {@link KeywordDomainClassifier} and says why in the classification's note.
 */
public final class ModelDomainClassifier implements DomainClassifier {
    /** The instruction around the question and rubric: s1's scheme ({@code data/featurization.py}: rubric, question, code on the last line); the wording is ours. */
    public static final String TEMPLATE = """
            You are a helpful assistant that classifies questions into subjects using the classification rubric \
            below. Choose the single most relevant subject. Explain your reasoning briefly, then end your response \
            with a new line holding only the code of the subject (for example 05, 11 or CS).

            ## Question
            %s

            ## Classification rubric
            %s
            """;
    private static final Pattern CODE = Pattern.compile("(?<![A-Za-z0-9])(\\d{2}|[A-Z]{2,4})(?![A-Za-z0-9])");

    private final LanguageModel model;
    private final KeywordDomainClassifier fallback;

    /** @param model whatever answers a prompt: a teacher's model, a local model, a stub in tests */
    public ModelDomainClassifier(LanguageModel model, KeywordDomainClassifier fallback) {
        this.model = model;
        this.fallback = fallback;
    }

    /** With the shipped keyword rules as the fallback. */
    public static ModelDomainClassifier of(LanguageModel model) {
        return new ModelDomainClassifier(model, KeywordDomainClassifier.defaults());
    }

    /** The prompt the model sees for {@code question}. */
    public static String prompt(String question) {
        return TEMPLATE.formatted(question.strip(), Domain.rubric());
    }

    @Override
    public Classification classify(Problem problem) {
        String output;
        try {
            // the answer after any thinking: a code the model only considered is not its choice
            output = model.answer(LmRequest.chat(prompt(problem.question()))).answer();
        } catch (RuntimeException e) {
            return fallBack(fallback, problem, "model error: " + e.getMessage());
        }
        return fromOutput(fallback, problem, output);
    }

    /** The classification an answer implies: its code, else the keywords' with the reason in the note. */
    static Classification fromOutput(KeywordDomainClassifier fallback, Problem problem, String output) {
        Optional<Domain> parsed = parse(output);
        return parsed.map(d -> new Classification(d, "model", List.of(), ""))
                .orElseGet(() -> fallBack(fallback, problem, "unparseable model output: " + shorten(output)));
    }

    /** The domain whose code ends the model's output, if any. */
    public static Optional<Domain> parse(String output) {
        if (output == null) return Optional.empty();
        String[] lines = output.strip().split("\\R");
        String last = lines[lines.length - 1].replace("*", "").replace("#", "").strip();
        Matcher m = CODE.matcher(last);
        Domain found = null;
        while (m.find()) found = Domain.of(m.group(1)).filter(d -> d != Domain.UNCLASSIFIED).orElse(found);
        return Optional.ofNullable(found);
    }

    static Classification fallBack(KeywordDomainClassifier fallback, Problem problem, String why) {
        Classification k = fallback.classify(problem);
        return new Classification(k.domain(), "keyword-fallback", k.matched(), why);
    }

    private static String shorten(String s) {
        if (s == null) return "null";
        return s.length() <= 200 ? s : s.substring(0, 100) + " ... " + s.substring(s.length() - 100);
    }
}
