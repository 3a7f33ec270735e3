package io.windhover.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON through Jackson: records and beans both ways. Unknown properties in a request body are
 * ignored, as ASP.NET Core's serializer ignores them, so clients may send more than a type holds.
 */
public final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    public JacksonJsonCodec() {
        this(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    }

    /** With a mapper configured as the application wants. */
    public JacksonJsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] write(Object value) throws IOException {
        return mapper.writeValueAsBytes(value);
    }

    @Override
    public <T> T read(InputStream body, Class<T> type) throws IOException {
        return mapper.readValue(body, type);
    }
}
