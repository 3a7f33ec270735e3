package io.windhover.server.http1;

import io.windhover.server.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A parsed request head, copied out of the connection's buffer: what the parser reports, kept past
 * the buffer's lifetime. The request line becomes strings (the same strings as last time when the
 * target repeats); header fields stay bytes until asked for. Reused from request to request on a
 * connection.
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

    /** The previous request's target bytes and strings: a keep-alive client often asks for the same one again. */
    private byte[] lastTarget = new byte[64];
    private int lastTargetLength = -1;
    private String lastTargetString;
    private String lastPath;
    private String lastQuery;
    private String lastAuthority;

    void reset() {
        method = target = path = query = authority = null;
        knownMethod = null;
        version = null;
        form = null;
        headers.clear();
        complete = false;
    }

    @Override
    public void onStartLine(byte[] buffer, HttpMethod method, HttpVersion version, RequestTargetForm form,
            int lineStart, int methodEnd, int targetStart, int queryStart, int targetEnd) {
        this.knownMethod = method;
        this.method = method == HttpMethod.CUSTOM ? ascii(buffer, lineStart, methodEnd) : method.name();
        this.version = version;
        this.form = form;
        if (sameTargetAsLast(buffer, targetStart, targetEnd)) {
            // Kestrel's trick too: the same bytes as last time give the same strings, allocating nothing.
            target = lastTargetString;
            path = lastPath;
            query = lastQuery;
            authority = lastAuthority;
            return;
        }
        this.target = ascii(buffer, targetStart, targetEnd);
        String beforeQuery = target.substring(0, queryStart - targetStart);
        this.query = target.substring(queryStart - targetStart);
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
        remember(buffer, targetStart, targetEnd);
    }

    private boolean sameTargetAsLast(byte[] buffer, int start, int end) {
        int length = end - start;
        return length == lastTargetLength && Arrays.equals(buffer, start, end, lastTarget, 0, length);
    }

    private void remember(byte[] buffer, int start, int end) {
        int length = end - start;
        if (length > lastTarget.length) {
            if (length > MAX_REMEMBERED_TARGET) {
                lastTargetLength = -1;
                return;
            }
            lastTarget = new byte[length];
        }
        System.arraycopy(buffer, start, lastTarget, 0, length);
        lastTargetLength = length;
        lastTargetString = target;
        lastPath = path;
        lastQuery = query;
        lastAuthority = authority;
    }

    /** Longer targets are not remembered: they are rarely repeated, and the copy would cost more than it saves. */
    private static final int MAX_REMEMBERED_TARGET = 1024;

    @Override
    public void onHeader(byte[] buffer, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        headers.addBytes(buffer, nameStart, nameEnd, valueStart, valueEnd);
    }

    @Override
    public void onHeadersComplete() {
        complete = true;
    }

    private static String ascii(byte[] buffer, int from, int to) {
        return new String(buffer, from, to - from, StandardCharsets.US_ASCII);
    }
}
