package io.windhover.web;

import io.windhover.buffers.PipeWriter;
import io.windhover.server.http.HttpHeaders;
import io.windhover.server.http.HttpResponse;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An {@link HttpResponse} that passes everything to another: the base for middleware that changes
 * how the body is written (compression), installed with {@link WebContext#response(HttpResponse)}
 * for the rest of the pipeline.
 */
public class ResponseWrapper implements HttpResponse {

    private final HttpResponse inner;

    public ResponseWrapper(HttpResponse inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The response this one passes to. */
    protected final HttpResponse inner() {
        return inner;
    }

    @Override
    public int status() {
        return inner.status();
    }

    @Override
    public HttpResponse status(int status) {
        inner.status(status);
        return this;
    }

    @Override
    public HttpHeaders headers() {
        return inner.headers();
    }

    @Override
    public OutputStream body() {
        return inner.body();
    }

    @Override
    public PipeWriter bodyWriter() {
        return inner.bodyWriter();
    }

    @Override
    public long bytesWritten() {
        return inner.bytesWritten();
    }

    @Override
    public boolean hasStarted() {
        return inner.hasStarted();
    }

    @Override
    public void discardBody() {
        inner.discardBody();
    }

    @Override
    public HttpHeaders trailers() {
        return inner.trailers();
    }
}
