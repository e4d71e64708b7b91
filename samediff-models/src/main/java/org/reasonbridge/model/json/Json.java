package org.reasonbridge.model.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one configured JSON mapper of the project: every file it writes and every wire message it sends or reads goes
 * through {@link #MAPPER}, so the same value gives the same bytes whoever writes it.
 *
 * <p>Settings, and why: map keys are written sorted (records keep their declaration order, which is fixed), so a
 * file's bytes never depend on a hash map's iteration order; a duplicated key is an error, not a silent overwrite;
 * text after the value is an error; an unknown property is an error (Jackson's default, kept on purpose: a
 * misspelt option must not be ignored). {@link #lenient} relaxes only the last, for formats other programs own and
 * extend (a provider's response, a data set's extra columns).
 *
 * <p>Key styles, one per file family (the table in docs/architecture.md): Hugging Face files and the provider wires
 * keep their owners' keys; evaluation results, journals and audits use snake_case; training data uses plain
 * lowercase words; training configs and {@code metrics.jsonl} use the camelCase of their Java records.
 */
public final class Json {
    /** The mapper: sorted map keys, duplicate keys and trailing tokens refused, unknown properties refused. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * As {@link #MAPPER}, and no type coercion: {@code "1e-4"} is not a number and {@code 2.5} is not an int. For
     * files a user writes by hand whose every value should mean exactly what it says (training configs).
     */
    public static final ObjectMapper STRICT = MAPPER.rebuild()
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    private static final ObjectReader STREAMED = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** The writer for files people read (configs, {@code results.json}): {@link #MAPPER}'s settings, indented. */
    public static ObjectWriter pretty() {
        return PRETTY;
    }

    /**
     * A tree reader for one value in the middle of a token stream (an element of a large array read one by one):
     * {@link #MAPPER}'s settings except the trailing-token check, since the rest of the stream follows by design.
     */
    public static ObjectReader streamed() {
        return STREAMED;
    }

    /** A reader of {@code type} that ignores unknown properties, for formats owned and extended by others. */
    public static ObjectReader lenient(Class<?> type) {
        return MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
