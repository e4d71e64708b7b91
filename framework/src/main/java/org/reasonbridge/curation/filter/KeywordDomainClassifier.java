package org.reasonbridge.curation.filter;

import org.reasonbridge.data.Problem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transparent, offline domain classifier: the keyword rules in {@code domain-keywords.txt} (one line per
 * code, readable and editable) scored over the question's words. Each matched keyword scores as many points as it
 * has words; the most points win, ties go to the earlier line; no match gives {@link Domain#UNCLASSIFIED}. The
 * matched keywords come back with the code. Thread-safe; the cost is linear in the question's length.
 */
public final class KeywordDomainClassifier implements DomainClassifier {
    private static final Pattern TOKEN = Pattern.compile("\\\\[a-z]+|[a-z0-9]+");
    private static final int MAX_WORDS = 4;

    /** A keyword rule: its code, its text, and whether its last word is a prefix. */
    private record Keyword(Domain domain, int line, String text, boolean prefix, int words) {
    }

    private final List<Domain> order = new ArrayList<>();
    private final Map<String, List<Keyword>> exact = new HashMap<>();
    private final Map<String, List<Keyword>> prefixes = new HashMap<>();

    private KeywordDomainClassifier(List<String> lines) {
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon < 0) throw new IllegalArgumentException("keyword line " + lineNo + " has no 'CODE:': " + line);
            String code = line.substring(0, colon).strip();
            Domain domain = Domain.of(code).orElseThrow(() -> new IllegalArgumentException("unknown domain code '" + code + "'"));
            order.add(domain);
            for (String k : line.substring(colon + 1).split(",")) {
                boolean prefix = k.strip().endsWith("*");
                String text = String.join(" ", tokens(k.replace("*", "")));
                if (text.isEmpty()) continue;
                int words = text.split(" ").length;
                if (words > MAX_WORDS) throw new IllegalArgumentException("keyword longer than " + MAX_WORDS + " words: " + k);
                (prefix ? prefixes : exact).computeIfAbsent(text, t -> new ArrayList<>())
                        .add(new Keyword(domain, lineNo, k.strip(), prefix, words));
            }
        }
    }

    /** The rules shipped in {@code domain-keywords.txt}. */
    public static KeywordDomainClassifier defaults() {
        try (InputStream in = KeywordDomainClassifier.class.getResourceAsStream("domain-keywords.txt")) {
            if (in == null) throw new IllegalStateException("resource missing: domain-keywords.txt");
            return of(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rules in the {@code domain-keywords.txt} format ({@code CODE: keyword, prefix*, two words}). */
    public static KeywordDomainClassifier of(List<String> lines) {
        return new KeywordDomainClassifier(lines);
    }

    @Override
    public Classification classify(Problem problem) {
        return classify(problem.question());
    }

    /** The domain of {@code text}. */
    public Classification classify(String text) {
        List<String> words = tokens(text);
        Map<Domain, Integer> score = new LinkedHashMap<>();
        Map<Domain, List<String>> matched = new HashMap<>();
        Set<Keyword> seen = new HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            StringBuilder phrase = new StringBuilder();
            for (int n = 1; n <= MAX_WORDS && i + n <= words.size(); n++) {
                if (n > 1) phrase.append(' ');
                int lastStart = phrase.length();
                phrase.append(words.get(i + n - 1));
                String p = phrase.toString();
                for (Keyword k : exact.getOrDefault(p, List.of())) hit(k, seen, score, matched);
                for (int end = lastStart + 1; end <= p.length(); end++) {
                    for (Keyword k : prefixes.getOrDefault(p.substring(0, end), List.of())) hit(k, seen, score, matched);
                }
            }
        }
        Domain best = Domain.UNCLASSIFIED;
        int bestScore = 0;
        for (Domain d : order) {
            int s = score.getOrDefault(d, 0);
            if (s > bestScore) {
                best = d;
                bestScore = s;
            }
        }
        return new Classification(best, "keyword", matched.getOrDefault(best, List.of()), "");
    }

    private static void hit(Keyword k, Set<Keyword> seen, Map<Domain, Integer> score, Map<Domain, List<String>> matched) {
        if (!seen.add(k)) return; // a keyword counts once, however often it occurs
        score.merge(k.domain(), k.words(), Integer::sum);
        matched.computeIfAbsent(k.domain(), d -> new ArrayList<>()).add(k.text());
    }

    private static List<String> tokens(String text) {
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group());
        return out;
    }
}
