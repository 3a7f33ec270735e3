package io.windhover.web;

import java.io.IOException;
import java.io.InputStream;

/**
 * How the web layer turns objects into JSON and back. {@link JacksonJsonCodec} by default;
 * {@link WebApplication#json(JsonCodec)} replaces it.
 */
public interface JsonCodec {

    byte[] write(Object value) throws IOException;

    /** Reads one {@code type} from {@code body}; malformed JSON throws an {@link IOException} saying where. */
    <T> T read(InputStream body, Class<T> type) throws IOException;
}
