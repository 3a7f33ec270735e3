package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import java.util.ArrayList;
import java.util.List;

/** Copies out what the parser reports, as strings, so tests can compare it. */
final class RecordingHandler implements Http1ParserHandler {

    HttpMethod method;
    String methodToken;
    HttpVersion version;
    RequestTargetForm form;
    String target;
    String path;
    String query;
    final List<String> headers = new ArrayList<>();
    boolean headersComplete;

    @Override
    public void onStartLine(BufferSequence buffer, HttpMethod method, HttpVersion version, RequestTargetForm form,
            long lineStart, long methodEnd, long targetStart, long queryStart, long targetEnd) {
        this.method = method;
        this.methodToken = buffer.slice(lineStart, methodEnd).toString();
        this.version = version;
        this.form = form;
        this.target = buffer.slice(targetStart, targetEnd).toString();
        this.path = buffer.slice(targetStart, queryStart).toString();
        this.query = buffer.slice(queryStart, targetEnd).toString();
    }

    @Override
    public void onHeader(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd) {
        headers.add(buffer.slice(nameStart, nameEnd) + "=" + buffer.slice(valueStart, valueEnd));
    }

    @Override
    public void onHeadersComplete() {
        headersComplete = true;
    }
}
