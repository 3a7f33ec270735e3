package io.windhover.web.middleware;

import io.windhover.buffers.PipeWriter;
import io.windhover.server.http.HttpResponse;
import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.ResponseWrapper;
import io.windhover.web.WebContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses response bodies with gzip when the client accepts it ({@code Accept-Encoding}), the
 * content type is text-like (text, JSON, JavaScript, XML, SVG), and the body is at least
 * {@value #DEFAULT_MIN_SIZE} bytes: small bodies and already-compressed types (images, archives,
 * video) gain nothing and are sent as they are. Range responses and bodies with their own
 * {@code Content-Encoding} are left alone. ASP.NET Core's {@code ResponseCompressionMiddleware}.
 *
 * <p>A {@code HEAD} gets the head its {@code GET} would: {@code Content-Encoding} and {@code Vary}
 * alike. An endpoint that writes its body for a {@code HEAD} (the server discards it) has it
 * compressed as for the {@code GET}, so even the {@code Content-Length} agrees; one that only
 * declares a {@code Content-Length} (static files) is sent without a length, since the compressed
 * length is known only by compressing (RFC 9110 §9.3.2 lets a server omit such fields). A compressed
 * response's strong {@code ETag} is made weak ({@code W/"..."}), as nginx does: RFC 9110 §8.8.3.3,
 * "a strong entity tag for a content-encoded representation has to be distinct from the entity tag
 * of an unencoded representation".
 *
 * <p>Only gzip, not Brotli: Maven Central has no well-kept pure-Java Brotli encoder. Google's
 * {@code org.brotli:dec} only decodes, and {@code brotli4j} wraps the C library through JNI with a
 * native binary per platform, which a pure-Java server would take on for every platform it runs
 * on. gzip is in the JDK ({@link java.util.zip}) and every HTTP client accepts it; for text the
 * difference is tens of percent of an already small body. Brotli can come as another
 * {@code Middleware} once a Java encoder is worth depending on.
 *
 * <pre>{@code
 * app.use(new ResponseCompression());
 * }</pre>
 */
public final class ResponseCompression implements Middleware {

    /** Below this many bytes a body is sent uncompressed: the gzip framing would eat the gain. */
    public static final int DEFAULT_MIN_SIZE = 1024;

    private final int minSize;

    public ResponseCompression() {
        this(DEFAULT_MIN_SIZE);
    }

    public ResponseCompression(int minSize) {
        this.minSize = minSize;
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        if (!acceptsGzip(context.header("Accept-Encoding"))) {
            next.handle(context);
            return;
        }
        HttpResponse original = context.response();
        var compressing = new CompressingResponse(original, minSize, context.request().method().equals("HEAD"));
        context.response(compressing);
        try {
            next.handle(context);
            compressing.finish();
        } finally {
            context.response(original);
        }
    }

    /** Whether the header lists gzip (or {@code *}) with a non-zero quality. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String element : acceptEncoding.split(",")) {
            String[] parts = element.strip().split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("*")) {
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip();
                    if (parameter.startsWith("q=") && isZero(parameter.substring(2))) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(String quality) {
        try {
            return Double.parseDouble(quality) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isCompressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon).strip();
        }
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/javascript") || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("image/svg+xml") || type.equals("application/wasm");
    }

    /** Holds back the first bytes until it knows the body's size class, then writes raw or gzip. */
    private static final class CompressingResponse extends ResponseWrapper {
        private final int minSize;
        private final boolean head;
        private final Body body = new Body();
        private byte[] held = new byte[256];
        private int heldCount;
        /** Null until decided; then the stream the body goes to. */
        private OutputStream target;
        private GZIPOutputStream gzip;

        CompressingResponse(HttpResponse inner, int minSize, boolean head) {
            super(inner);
            this.minSize = minSize;
            this.head = head;
        }

        @Override
        public OutputStream body() {
            return body;
        }

        @Override
        public PipeWriter bodyWriter() {
            decide(false); // a writer of pipes gets the body as it is
            return inner().bodyWriter();
        }

        @Override
        public long bytesWritten() {
            return target == null ? heldCount : inner().bytesWritten();
        }

        /** The response ends: what is held goes out; a gzip stream writes its trailer. */
        void finish() throws IOException {
            if (target == null) {
                if (head && heldCount == 0) {
                    finishHead();
                    return;
                }
                decide(heldCount >= minSize);
            }
            if (gzip != null) {
                gzip.finish();
            }
        }

        /**
         * A HEAD whose handler wrote no body, only its length (static files): the size class is the
         * declared length. Compressed, the GET's length is unknown: the head starts without one,
         * and no gzip framing is written, which the server would count as the body.
         */
        private void finishHead() throws IOException {
            String declared = inner().headers().get("Content-Length");
            long length = declared == null ? 0 : parseLength(declared);
            target = inner().body();
            held = null;
            if (shouldCompress(length >= minSize)) {
                markCompressed();
                inner().body().flush();
            }
        }

        private static long parseLength(String value) {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private void decide(boolean bigEnough) {
            if (target != null) {
                return;
            }
            boolean compress = shouldCompress(bigEnough);
            try {
                if (compress) {
                    markCompressed();
                    gzip = new GZIPOutputStream(inner().body(), 8192, true);
                    target = gzip;
                } else {
                    target = inner().body();
                }
                if (heldCount > 0) {
                    target.write(held, 0, heldCount);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            held = null;
        }

        /** Whether to compress a body of this size class; adds {@code Vary} wherever compression could apply. */
        private boolean shouldCompress(boolean bigEnough) {
            var headers = inner().headers();
            int status = inner().status();
            boolean compressibleType = !inner().hasStarted() && isCompressible(headers.get("Content-Type"));
            if (compressibleType) {
                headers.add("Vary", "Accept-Encoding");
            }
            return bigEnough && compressibleType && !headers.contains("Content-Encoding")
                    && status >= 200 && status != 204 && status != 206 && status != 304;
        }

        private void markCompressed() {
            var headers = inner().headers();
            headers.set("Content-Encoding", "gzip");
            headers.remove("Content-Length");
            // RFC 9110 §8.8.3.3: the gzip bytes are another representation than the identity's. A weak
            // tag still revalidates (If-None-Match compares weakly) but never satisfies an If-Range.
            String etag = headers.get("ETag");
            if (etag != null && !etag.startsWith("W/")) {
                headers.set("ETag", "W/" + etag);
            }
        }

        private final class Body extends OutputStream {
            @Override
            public void write(int value) throws IOException {
                write(new byte[] {(byte) value}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) throws IOException {
                if (target == null && heldCount + length < minSize) {
                    if (heldCount + length > held.length) {
                        held = Arrays.copyOf(held, Math.max(heldCount + length, Math.min(minSize, held.length * 2)));
                    }
                    System.arraycopy(data, offset, held, heldCount, length);
                    heldCount += length;
                    return;
                }
                decide(true);
                target.write(data, offset, length);
            }

            @Override
            public void flush() throws IOException {
                decide(heldCount >= minSize);
                target.flush();
            }

            @Override
            public void close() throws IOException {
                finish();
                inner().body().close();
            }
        }
    }
}
