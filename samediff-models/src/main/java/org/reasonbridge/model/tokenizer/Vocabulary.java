package org.reasonbridge.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The token strings of a {@code tokenizer.json}: the model's vocabulary plus its added tokens, both ways.
 *
 * @param idToToken token string per id; {@code null} where an id is unused
 * @param tokenToId the inverse map
 * @param specialIds ids of added tokens flagged {@code "special": true}
 */
record Vocabulary(String[] idToToken, Map<String, Integer> tokenToId, Set<Integer> specialIds) {

    Vocabulary {
        if (idToToken.length == 0) {
            throw new IllegalArgumentException("empty vocabulary");
        }
        tokenToId = Map.copyOf(tokenToId);
        specialIds = Set.copyOf(specialIds);
    }

    /** Reads {@code model.vocab} (a map for BPE/WordPiece/WordLevel, a list of pairs for Unigram) and {@code added_tokens}. */
    static Vocabulary fromTokenizerJson(JsonNode root) {
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), e.getValue().asInt());
            }
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                ids.put(vocab.get(i).get(0).asText(), i);
            }
        } else {
            throw new IllegalArgumentException("no model.vocab");
        }
        Set<Integer> special = new TreeSet<>();
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt(-1);
            if (id < 0 || !added.path("content").isTextual()) {
                throw new IllegalArgumentException("added_tokens entry without id or content: " + added);
            }
            ids.put(added.get("content").asText(), id);
            if (added.path("special").asBoolean(false)) {
                special.add(id);
            }
        }
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] tokens = new String[size];
        ids.forEach((token, id) -> tokens[id] = token);
        return new Vocabulary(tokens, ids, special);
    }

    OptionalInt id(String token) {
        Integer id = tokenToId.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    String token(int id) {
        if (id < 0 || id >= idToToken.length || idToToken[id] == null) {
            throw new IllegalArgumentException("no token with id " + id + " (vocabulary size " + idToToken.length + ")");
        }
        return idToToken[id];
    }
}
