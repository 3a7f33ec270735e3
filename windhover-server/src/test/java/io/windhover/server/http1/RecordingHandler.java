package io.windhover.server.http1;

import java.nio.charset.StandardCharsets;
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
    public void onStartLine(byte[] bytes, HttpMethod method, HttpVersion version, RequestTargetForm form,
            int lineStart, int methodEnd, int targetStart, int queryStart, int targetEnd) {
        this.method = method;
        this.methodToken = text(bytes, lineStart, methodEnd);
        this.version = version;
        this.form = form;
        this.target = text(bytes, targetStart, targetEnd);
        this.path = text(bytes, targetStart, queryStart);
        this.query = text(bytes, queryStart, targetEnd);
    }

    @Override
    public void onHeader(byte[] bytes, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        headers.add(text(bytes, nameStart, nameEnd) + "=" + text(bytes, valueStart, valueEnd));
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void onHeadersComplete() {
        headersComplete = true;
    }
}
