package io.windhover.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON through Jackson: records and beans both ways. Reading is strict where Jackson is lenient
 * by default, as ASP.NET Core's {@code System.Text.Json} is: one JSON value and nothing after it
 * ({@code {"a":1} garbage} and {@code {"a":1}{"a":2}} are refused), no number or boolean where a
 * string is expected ({@code {"title":5}} is refused rather than read as {@code "5"}), no fraction
 * where an integer is expected ({@code 1.5} is not truncated to {@code 1}), and no number where a
 * boolean is expected. A number given as a string ({@code "7"} for an {@code int}) is still read,
 * as {@code System.Text.Json}'s web defaults read it. Unknown properties are ignored, as ASP.NET
 * Core ignores them, so clients may send more than a type holds.
 *
 * <p>A body that cannot be read fails with an {@link IOException} whose message says which field,
 * what it must be and where, in JSON's terms ({@code 'title' must be a string, not 5 (line 1,
 * column 10)}), never naming a Java class: the message reaches the client as a 400's detail.
 */
public final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    public JacksonJsonCodec() {
        this(strictMapper());
    }

    /** With a mapper configured as the application wants. */
    public JacksonJsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper it reads and writes with: validation keys errors by the names it uses. */
    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The default mapper: the strict reading described above. Its buffers are recycled through one
     * pool shared by all threads: Jackson's default pool is per thread, which gives nothing back
     * where each request runs on a virtual thread of its own (every HTTP/2 stream does), so each
     * document would allocate its buffers anew.
     */
    public static ObjectMapper strictMapper() {
        var factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
        var mapper = new ObjectMapper(factory)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    @Override
    public byte[] write(Object value) throws IOException {
        return mapper.writeValueAsBytes(value);
    }

    @Override
    public <T> T read(InputStream body, Class<T> type) throws IOException {
        try {
            return mapper.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IOException(JacksonErrorMessage.of(e), e);
        }
    }
}
