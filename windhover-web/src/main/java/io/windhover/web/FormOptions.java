package io.windhover.web;

import java.nio.file.Path;

/**
 * Limits on reading form bodies ({@code application/x-www-form-urlencoded} and
 * {@code multipart/form-data}), ASP.NET Core's {@code FormOptions} with its defaults. Crossing the
 * body length is answered {@code 413}; every other limit {@code 400}; each with problem details
 * naming the limit. The server's own body limit ({@link io.windhover.server.http.HttpRequest#maxBodySize()},
 * 30,000,000 bytes by default, as Kestrel's) applies first: an upload endpoint raises both.
 *
 * <pre>{@code
 * app.formOptions(FormOptions.builder().bodyLengthLimit(1L << 30).build());
 * app.post("/upload", context -> {
 *     context.request().maxBodySize(1L << 30);
 *     Form form = context.form();
 *     ...
 * });
 * }</pre>
 *
 * @param bodyLengthLimit bytes of the whole form body. Default 128 MiB, ASP.NET's
 *     {@code MultipartBodyLengthLimit} and {@code BufferBodyLengthLimit}
 * @param valueCountLimit fields and files a form may hold. Default 1,024, ASP.NET's {@code ValueCountLimit}
 * @param keyLengthLimit characters of a field's name (URL-encoded: its bytes as sent). Default
 *     2,048, ASP.NET's {@code KeyLengthLimit}
 * @param valueLengthLimit bytes of a field's value held in memory (files go to disk and are bound
 *     by the body length only). Default 4 MiB, ASP.NET's {@code ValueLengthLimit}
 * @param multipartHeadersLengthLimit bytes of one part's header section, line ends included.
 *     Default 16 KiB, ASP.NET's {@code MultipartHeadersLengthLimit}
 * @param multipartBoundaryLengthLimit characters of the boundary. Default 70, RFC 2046 §5.1.1's
 *     limit and ASP.NET's {@code MultipartBoundaryLengthLimit}
 * @param tempDirectory where uploaded files are written while the request lasts; the system's
 *     temporary folder by default
 */
public record FormOptions(long bodyLengthLimit, int valueCountLimit, int keyLengthLimit, int valueLengthLimit,
        int multipartHeadersLengthLimit, int multipartBoundaryLengthLimit, Path tempDirectory) {

    /** 128 MiB. */
    public static final long DEFAULT_BODY_LENGTH_LIMIT = 128L * 1024 * 1024;
    public static final int DEFAULT_VALUE_COUNT_LIMIT = 1_024;
    public static final int DEFAULT_KEY_LENGTH_LIMIT = 2_048;
    /** 4 MiB. */
    public static final int DEFAULT_VALUE_LENGTH_LIMIT = 4 * 1024 * 1024;
    /** 16 KiB. */
    public static final int DEFAULT_MULTIPART_HEADERS_LENGTH_LIMIT = 16 * 1024;
    public static final int DEFAULT_MULTIPART_BOUNDARY_LENGTH_LIMIT = 70;

    private static final FormOptions DEFAULTS = builder().build();

    /** @throws IllegalArgumentException for a limit below 1 */
    public FormOptions {
        if (bodyLengthLimit < 1 || valueCountLimit < 1 || keyLengthLimit < 1 || valueLengthLimit < 1
                || multipartHeadersLengthLimit < 1 || multipartBoundaryLengthLimit < 1) {
            throw new IllegalArgumentException("form limits must be at least 1");
        }
        if (tempDirectory == null) {
            tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    /** ASP.NET Core's defaults, listed above. */
    public static FormOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().bodyLengthLimit(bodyLengthLimit).valueCountLimit(valueCountLimit)
                .keyLengthLimit(keyLengthLimit).valueLengthLimit(valueLengthLimit)
                .multipartHeadersLengthLimit(multipartHeadersLengthLimit)
                .multipartBoundaryLengthLimit(multipartBoundaryLengthLimit).tempDirectory(tempDirectory);
    }

    /** Builds {@link FormOptions}; not thread-safe. */
    public static final class Builder {
        private long bodyLengthLimit = DEFAULT_BODY_LENGTH_LIMIT;
        private int valueCountLimit = DEFAULT_VALUE_COUNT_LIMIT;
        private int keyLengthLimit = DEFAULT_KEY_LENGTH_LIMIT;
        private int valueLengthLimit = DEFAULT_VALUE_LENGTH_LIMIT;
        private int multipartHeadersLengthLimit = DEFAULT_MULTIPART_HEADERS_LENGTH_LIMIT;
        private int multipartBoundaryLengthLimit = DEFAULT_MULTIPART_BOUNDARY_LENGTH_LIMIT;
        private Path tempDirectory;

        private Builder() {
        }

        public Builder bodyLengthLimit(long bytes) {
            this.bodyLengthLimit = bytes;
            return this;
        }

        public Builder valueCountLimit(int count) {
            this.valueCountLimit = count;
            return this;
        }

        public Builder keyLengthLimit(int characters) {
            this.keyLengthLimit = characters;
            return this;
        }

        public Builder valueLengthLimit(int bytes) {
            this.valueLengthLimit = bytes;
            return this;
        }

        public Builder multipartHeadersLengthLimit(int bytes) {
            this.multipartHeadersLengthLimit = bytes;
            return this;
        }

        public Builder multipartBoundaryLengthLimit(int characters) {
            this.multipartBoundaryLengthLimit = characters;
            return this;
        }

        public Builder tempDirectory(Path folder) {
            this.tempDirectory = folder;
            return this;
        }

        /** @throws IllegalArgumentException for a limit below 1 */
        public FormOptions build() {
            return new FormOptions(bodyLengthLimit, valueCountLimit, keyLengthLimit, valueLengthLimit,
                    multipartHeadersLengthLimit, multipartBoundaryLengthLimit, tempDirectory);
        }
    }
}
