package io.windhover.server.http1;

import io.windhover.buffers.BufferSequence;
import io.windhover.server.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request head, copied out of the connection's buffer into strings: what the parser
 * reports, kept past the buffer's lifetime. Reused from request to request on a connection.
 */
final class RequestHead implements Http1ParserHandler {

    String method;
    HttpMethod knownMethod;
    HttpVersion version;
    RequestTargetForm form;
    String target;
    String path;
    String query;
    /** The authority of an absolute-form target ({@code host[:port]}), else null. */
    String authority;
    final HttpHeaders headers = new HttpHeaders();
    boolean complete;

    void reset() {
        method = target = path = query = authority = null;
        knownMethod = null;
        version = null;
        form = null;
        headers.clear();
        complete = false;
    }

    @Override
    public void onStartLine(BufferSequence buffer, HttpMethod method, HttpVersion version, RequestTargetForm form,
            long lineStart, long methodEnd, long targetStart, long queryStart, long targetEnd) {
        this.knownMethod = method;
        this.method = method == HttpMethod.CUSTOM ? ascii(buffer, lineStart, methodEnd) : method.name();
        this.version = version;
        this.form = form;
        this.target = ascii(buffer, targetStart, targetEnd);
        String beforeQuery = target.substring(0, (int) (queryStart - targetStart));
        this.query = target.substring((int) (queryStart - targetStart));
        this.path = switch (form) {
            case ORIGIN -> beforeQuery;
            // RFC 9112 §3.2.2: an absolute-form target is scheme "://" authority, then the path.
            case ABSOLUTE -> {
                String afterScheme = beforeQuery.substring(beforeQuery.indexOf("://") + 3);
                int slash = afterScheme.indexOf('/');
                int fragment = afterScheme.indexOf('#');
                int authorityEnd = Math.min(slash < 0 ? afterScheme.length() : slash, fragment < 0 ? afterScheme.length() : fragment);
                authority = afterScheme.substring(0, authorityEnd);
                yield slash < 0 ? "/" : afterScheme.substring(slash);
            }
            case AUTHORITY, ASTERISK -> "";
        };
    }

    @Override
    public void onHeader(BufferSequence buffer, long nameStart, long nameEnd, long valueStart, long valueEnd) {
        headers.add(ascii(buffer, nameStart, nameEnd), latin1(buffer, valueStart, valueEnd));
    }

    @Override
    public void onHeadersComplete() {
        complete = true;
    }

    private static String ascii(BufferSequence buffer, long from, long to) {
        return buffer.slice(from, to).toString(StandardCharsets.US_ASCII);
    }

    /** Header values may carry obs-text; ISO-8859-1 keeps every byte as one char. */
    private static String latin1(BufferSequence buffer, long from, long to) {
        return buffer.slice(from, to).toString(StandardCharsets.ISO_8859_1);
    }
}
