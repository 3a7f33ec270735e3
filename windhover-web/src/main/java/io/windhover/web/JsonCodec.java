package io.windhover.web;

import java.io.IOException;
import java.io.InputStream;

/**
 * How the web layer turns objects into JSON and back. {@link JacksonJsonCodec} by default;
 * {@link WebApplication#json(JsonCodec)} replaces it.
 */
public interface JsonCodec {

    byte[] write(Object value) throws IOException;

    /**
     * Reads one {@code type} from {@code body}. A body that is not one such value throws an
     * {@link IOException} saying where and why; its first line becomes the 400's detail, so it
     * should speak of the JSON (fields, strings, numbers), not of Java classes.
     */
    <T> T read(InputStream body, Class<T> type) throws IOException;
}
