package org.reasonbridge.curation.filter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import org.reasonbridge.model.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A subject a problem belongs to: a top-level Mathematics Subject Classification code as s1 used them ({@code
 * msc.json}, Apache-2.0, from s1's {@code data/msc.json}; see {@code msc-SOURCE.txt}) or one of our extensions
 * ({@code domains-extended.json}: CS, PHY, CHEM, BIO, PUZ), with the rubric entry a teacher model is shown.
 *
 * @param code         two digits for MSC, letters for the extensions
 * @param title        the subject's name
 * @param descriptions its sub-areas
 * @param prompt       its entry in the classification rubric
 */
public record Domain(String code, String title, List<String> descriptions, String prompt) {
    /** What a problem no rule and no model could place gets (MSC 00, "general"). */
    public static final Domain UNCLASSIFIED = new Domain("00", "Unclassified", List.of(), "");

    public Domain {
        if (code == null || code.isBlank()) throw new IllegalArgumentException("a domain needs a code");
        descriptions = descriptions == null ? List.of() : descriptions.stream().map(String::strip).toList();
        prompt = prompt == null ? "" : prompt;
    }

    private static final List<Domain> ALL = load();
    private static final Map<String, Domain> BY_CODE = ALL.stream()
            .collect(Collectors.toMap(Domain::code, d -> d, (a, b) -> a, LinkedHashMap::new));

    /** The 61 MSC codes s1 used, then the extensions, in that order. */
    public static List<Domain> all() {
        return ALL;
    }

    /** The domain with {@code code}, {@link #UNCLASSIFIED} included. */
    public static Optional<Domain> of(String code) {
        if (UNCLASSIFIED.code.equals(code)) return Optional.of(UNCLASSIFIED);
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** s1's rubric: every domain's prompt entry, joined by blank lines. */
    public static String rubric() {
        return ALL.stream().map(Domain::prompt).collect(Collectors.joining("\n\n"));
    }

    private static List<Domain> load() {
        ObjectReader json = Json.lenient(Object.class);
        List<Domain> out = new ArrayList<>();
        for (String file : List.of("msc.json", "domains-extended.json")) {
            try (InputStream in = Domain.class.getResourceAsStream(file)) {
                if (in == null) throw new IllegalStateException("resource missing: " + file);
                out.addAll(json.forType(new TypeReference<List<Domain>>() { }).readValue(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return List.copyOf(out);
    }
}
