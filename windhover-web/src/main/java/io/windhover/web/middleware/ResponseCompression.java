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
 * Compresses response bodies with Brotli or gzip when the client accepts it ({@code Accept-Encoding}), the
 * content type is text-like (text, JSON, JavaScript, XML, SVG; not {@code text/event-stream}, whose events
 * must go out as they are sent), and the body is at least
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
 * <p>The coding is the one the client prefers by its {@code q} values; between equals, Brotli
 * ({@code br}) before gzip, as ASP.NET Core's providers are ordered: for text, Brotli's output is
 * commonly a fifth smaller than gzip's. Brotli is the C encoder through JNI ({@code brotli4j}, whose
 * native library for the platform comes in a jar of its own); where it cannot load, the middleware
 * says so in one log line and compresses with gzip alone, which is in the JDK.
 *
 * <pre>{@code
 * app.use(new ResponseCompression());
 * }</pre>
 */
public final class ResponseCompression implements Middleware {

    /** Below this many bytes a body is sent uncompressed: the gzip framing would eat the gain. */
    public static final int DEFAULT_MIN_SIZE = 1024;

    /**
     * Brotli quality 4 of 0-11: ASP.NET Core's default level is "fastest", and 4 is where Brotli,
     * still about as fast as gzip's default level, already compresses text better than it.
     */
    static final int BROTLI_QUALITY = 4;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResponseCompression.class);

    private final int minSize;
    private final boolean brotli;

    public ResponseCompression() {
        this(DEFAULT_MIN_SIZE);
    }

    public ResponseCompression(int minSize) {
        this(minSize, BrotliLibrary.AVAILABLE);
    }

    /** With Brotli only when {@code brotli} says so: tests of the gzip fallback. */
    ResponseCompression(int minSize, boolean brotli) {
        this.minSize = minSize;
        this.brotli = brotli;
    }

    /**
     * Whether the Brotli encoder's native library loaded, asked once; one INFO line when it did not,
     * naming the platform: brotli4j ships libraries for a few (its jar for linux-x86_64 comes with
     * this module), and a server elsewhere must still start.
     */
    private static final class BrotliLibrary {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            Throwable cause;
            try {
                if (com.aayushatharva.brotli4j.Brotli4jLoader.isAvailable()) {
                    return true;
                }
                cause = com.aayushatharva.brotli4j.Brotli4jLoader.getUnavailabilityCause();
            } catch (LinkageError e) {
                cause = e;
            }
            // The cause as text, not as the event's throwable: a missing library is a fact of the
            // platform, and a stack trace would make one line of it twenty.
            LOG.info("Brotli is not available on {} ({}); responses are compressed with gzip only", platform(), String.valueOf(cause));
            return false;
        }
    }

    /** The platform as brotli4j names its native jars: {@code linux-x86_64}, {@code osx-aarch64}. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "windows" : os;
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> arch;
        };
        return osName + "-" + archName;
    }

    /** A content coding this middleware writes, by its token in {@code Accept-Encoding} and {@code Content-Encoding}. */
    enum Coding {
        BROTLI("br"), GZIP("gzip");

        final String token;

        Coding(String token) {
            this.token = token;
        }
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        Coding coding = choose(context.header("Accept-Encoding"), brotli);
        if (coding == null) {
            next.handle(context);
            return;
        }
        HttpResponse original = context.response();
        var compressing = new CompressingResponse(original, minSize, context.request().method().equals("HEAD"), coding);
        context.response(compressing);
        try {
            next.handle(context);
            compressing.finish();
        } finally {
            context.response(original);
        }
    }

    /**
     * The coding to answer {@code acceptEncoding} with: the highest {@code q} of {@code br} (when
     * {@code brotli}) and {@code gzip}, {@code *} standing for those not named, {@code q=0} meaning
     * never (RFC 9110 §12.5.3); Brotli on a tie; null for neither.
     */
    static Coding choose(String acceptEncoding, boolean brotli) {
        if (acceptEncoding == null) {
            return null;
        }
        double brotliQuality = -1;
        double gzipQuality = -1;
        double anyQuality = -1;
        for (String element : acceptEncoding.split(",")) {
            String[] parts = element.strip().split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            switch (coding) {
                case "br" -> brotliQuality = quality;
                case "gzip", "x-gzip" -> gzipQuality = Math.max(gzipQuality, quality);
                case "*" -> anyQuality = quality;
                default -> { }
            }
        }
        brotliQuality = !brotli ? 0 : brotliQuality >= 0 ? brotliQuality : anyQuality;
        gzipQuality = gzipQuality >= 0 ? gzipQuality : anyQuality;
        if (brotliQuality <= 0 && gzipQuality <= 0) {
            return null;
        }
        return brotliQuality >= gzipQuality ? Coding.BROTLI : Coding.GZIP;
    }

    /** An element's {@code q}: 1 when absent or malformed. */
    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("q=") || parameter.startsWith("Q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
        }
        return 1;
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
        if (type.equals("text/event-stream")) {
            // Events must reach the client as they are sent; a compressor holds bytes back until its
            // block fills, and a flush per event would cost more than it saves.
            return false;
        }
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/javascript") || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("image/svg+xml") || type.equals("application/wasm");
    }

    /** Holds back the first bytes until it knows the body's size class, then writes raw or compressed. */
    private static final class CompressingResponse extends ResponseWrapper {
        private final int minSize;
        private final boolean head;
        private final Coding coding;
        private final Body body = new Body();
        private byte[] held = new byte[256];
        private int heldCount;
        /** Null until decided; then the stream the body goes to. */
        private OutputStream target;
        /** The compressing stream, whose end writes the coding's trailer; null when the body goes raw. */
        private OutputStream encoder;
        private KeptOpen keptOpen;

        CompressingResponse(HttpResponse inner, int minSize, boolean head, Coding coding) {
            super(inner);
            this.minSize = minSize;
            this.head = head;
            this.coding = coding;
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

        /** The response ends: what is held goes out; a compressing stream writes its trailer. */
        void finish() throws IOException {
            if (target == null) {
                if (head && heldCount == 0) {
                    finishHead();
                    return;
                }
                decide(heldCount >= minSize);
            }
            if (encoder instanceof GZIPOutputStream gzip) {
                gzip.finish();
            } else if (encoder != null) {
                keptOpen.ending();
                encoder.close(); // Brotli's last block; the body under it stays open
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
                    encoder = coding == Coding.GZIP ? new GZIPOutputStream(inner().body(), 8192, true)
                            : new com.aayushatharva.brotli4j.encoder.BrotliOutputStream(keptOpen = new KeptOpen(inner().body()),
                                    new com.aayushatharva.brotli4j.encoder.Encoder.Parameters().setQuality(BROTLI_QUALITY));
                    target = encoder;
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
            headers.set("Content-Encoding", coding.token);
            headers.remove("Content-Length");
            // RFC 9110 §8.8.3.3: the compressed bytes are another representation than the identity's. A weak
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

    /**
     * The response body under a Brotli stream, which flushes and closes what it writes to when it
     * ends. Neither may reach the response then: a flush would start it chunked, losing the
     * Content-Length a whole body gets, and the response ends after the middleware, not with the
     * encoder. A flush the handler asks for while the body streams goes through.
     */
    private static final class KeptOpen extends java.io.FilterOutputStream {
        private boolean ending;

        KeptOpen(OutputStream body) {
            super(body);
        }

        void ending() {
            ending = true;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            out.write(data, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (!ending) {
                out.flush();
            }
        }

        @Override
        public void close() {
            ending = true;
        }
    }
}
