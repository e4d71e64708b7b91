package org.reasonbridge.model.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parsed and fully validated header of one safetensors file. */
record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {

    /** The reference implementation's limit; a larger length field means a corrupt or foreign file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** numpy's limit on rank; a longer shape can only be hostile. */
    static final int MAX_RANK = 64;
    static final String METADATA_KEY = "__metadata__";

    // Streaming, not a tree: memory stays proportional to the tensors found, whatever the header holds.
    private static final JsonFactory JSON = strictJson();

    /** JSON parsing that refuses duplicate keys and deep nesting, and allows strings up to the header limit. */
    static JsonFactory strictJson() {
        return JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength((int) MAX_HEADER_BYTES).maxNestingDepth(64).build())
                .build();
    }

    /** Reads and validates the header of {@code file}; every problem is a {@link SafetensorsException}. */
    static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new SafetensorsException(file, "file is " + size + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthField, 0);
        long n = lengthField.getLong(0); // unsigned on disk: negative here means >= 2^63
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, "header length " + Long.toUnsignedString(n)
                    + " bytes is absurd (limit " + MAX_HEADER_BYTES + "); not a safetensors file?");
        }
        if (n > size - 8) {
            throw new SafetensorsException(file, "header length " + n + " reaches beyond the end of the file ("
                    + size + " bytes)");
        }
        ByteBuffer raw = ByteBuffer.allocate((int) n);
        readFully(channel, raw, 8);
        byte[] bytes = raw.array();
        checkUtf8(file, bytes);
        if (n == 0 || bytes[0] != '{') {
            throw new SafetensorsException(file, "header is not a JSON object (does not start with '{')");
        }
        long dataStart = 8 + n;
        Parsed parsed;
        try (JsonParser p = JSON.createParser(bytes)) {
            parsed = parse(file, p, dataStart, size - dataStart);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at header byte " + e.getLocation().getByteOffset();
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getOriginalMessage() + at, e);
        }
        return new SafetensorsHeader(checkTiling(file, parsed.tensors, dataStart, size - dataStart),
                Collections.unmodifiableMap(parsed.metadata), dataStart);
    }

    private record Parsed(List<TensorInfo> tensors, Map<String, String> metadata) {
    }

    private static Parsed parse(Path file, JsonParser p, long dataStart, long dataLength) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new SafetensorsException(file, "header is not a JSON object");
        }
        List<TensorInfo> tensors = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals(METADATA_KEY)) {
                parseMetadata(file, p, metadata);
            } else {
                tensors.add(parseTensor(file, p, key, dataStart, dataLength));
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new SafetensorsException(file, "header has content after its JSON object");
        }
        return new Parsed(tensors, metadata);
    }

    private static void parseMetadata(Path file, JsonParser p, Map<String, String> metadata) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new SafetensorsException(file, METADATA_KEY + " is not an object of strings");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new SafetensorsException(file, METADATA_KEY + " value for key '" + key
                        + "' is not a string but " + p.currentToken());
            }
            metadata.put(key, p.getText());
        }
    }

    private static TensorInfo parseTensor(Path file, JsonParser p, String name, long dataStart, long dataLength)
            throws IOException {
        String where = "tensor '" + name + "'";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new SafetensorsException(file, where + ": entry is not an object");
        }
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        throw new SafetensorsException(file, where + ": dtype is not a string");
                    }
                    String text = p.getText();
                    dtype = DType.fromHeaderName(text).orElseThrow(() -> new SafetensorsException(file,
                            where + ": unknown dtype '" + text + "'"));
                }
                case "shape" -> shape = readLongs(file, p, where + ": shape", MAX_RANK);
                case "data_offsets" -> offsets = readLongs(file, p, where + ": data_offsets", 2);
                default -> p.skipChildren(); // the format allows (and ignores) other fields
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new SafetensorsException(file, where + ": entry lacks "
                    + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        if (offsets.length != 2) {
            throw new SafetensorsException(file, where + ": data_offsets has " + offsets.length
                    + " numbers, not 2 [begin, end]");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new SafetensorsException(file, where + ": data_offsets begin " + begin + " > end " + end);
        }
        if (end > dataLength) {
            throw new SafetensorsException(file, where + ": data_offsets end " + end
                    + " is beyond the data section (" + dataLength + " bytes)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(TensorInfo.numel(shape), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsException(file, where + ": shape " + Arrays.toString(shape)
                    + " overflows 64-bit element count");
        }
        if (end - begin != expected) {
            throw new SafetensorsException(file, where + ": data_offsets span " + (end - begin) + " bytes but "
                    + dtype + Arrays.toString(shape) + " needs " + expected);
        }
        return new TensorInfo(name, dtype, shape, file, dataStart + begin, end - begin);
    }

    /** A JSON array of at most {@code max} non-negative integers that fit a long. */
    private static long[] readLongs(Path file, JsonParser p, String what, int max) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new SafetensorsException(file, what + " is not an array");
        }
        long[] values = new long[Math.min(max, 8)];
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0) {
                throw new SafetensorsException(file, what + " holds " + p.getText()
                        + ", not a non-negative 64-bit integer");
            }
            if (count == max) {
                throw new SafetensorsException(file, what + " has more than " + max + " entries");
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, Math.min(max, count * 2));
            }
            values[count++] = p.getLongValue();
        }
        return Arrays.copyOf(values, count);
    }

    /** Tensors must tile the data section exactly: no overlap, no gap, nothing left over. */
    private static Map<String, TensorInfo> checkTiling(Path file, List<TensorInfo> tensors, long dataStart,
            long dataLength) throws SafetensorsException {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::offset).thenComparingLong(TensorInfo::byteLength));
        Map<String, TensorInfo> byOffset = new LinkedHashMap<>();
        long pos = 0; // relative to the data section
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            long begin = t.offset() - dataStart;
            if (begin < pos) {
                throw new SafetensorsException(file, "tensor '" + t.name() + "' at data offset " + begin
                        + " overlaps tensor '" + previous.name() + "' ending at " + pos);
            }
            if (begin > pos) {
                throw new SafetensorsException(file, "gap of " + (begin - pos) + " bytes before tensor '"
                        + t.name() + "' at data offset " + begin + "; tensors must tile the data section");
            }
            pos = begin + t.byteLength();
            previous = t;
            byOffset.put(t.name(), t);
        }
        if (pos != dataLength) {
            throw new SafetensorsException(file, "tensors cover " + pos + " bytes but the data section has "
                    + dataLength + " (trailing bytes)");
        }
        return Collections.unmodifiableMap(byOffset);
    }

    /** Rejects bytes that are not strict UTF-8 (overlong forms, surrogates) without building a String. */
    private static void checkUtf8(Path file, byte[] bytes) throws SafetensorsException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        try {
            while (true) {
                CoderResult r = decoder.decode(in, out, true);
                if (r.isError()) {
                    r.throwException();
                }
                out.clear();
                if (r.isUnderflow()) {
                    break;
                }
            }
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(file, "header is not valid UTF-8 (bad byte near header offset "
                    + in.position() + ")");
        }
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of file at " + (position + buffer.position()));
            }
        }
    }
}
