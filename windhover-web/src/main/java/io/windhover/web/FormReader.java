package io.windhover.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a whole form body into a {@link Form} within {@link FormOptions}: URL-encoded pairs, or
 * multipart parts — fields into memory, files each into a temporary file as their bytes arrive.
 * Each temporary file is handed to {@code temporaryFiles} as soon as it exists, for the request to
 * delete at its end.
 */
final class FormReader {

    private final FormOptions options;
    private final Consumer<Path> temporaryFiles;
    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final List<FormFile> files = new ArrayList<>();
    private int values;

    FormReader(FormOptions options, Consumer<Path> temporaryFiles) {
        this.options = options;
        this.temporaryFiles = temporaryFiles;
    }

    /**
     * {@code application/x-www-form-urlencoded} (the WHATWG's URL standard): {@code a=1&b=x+y&a=2},
     * {@code +} a space, {@code %XX} UTF-8 bytes, a stray {@code %} kept as written. Keys and values
     * are checked against their limits as their bytes arrive, before they are decoded.
     */
    Form readUrlEncoded(InputStream body) throws IOException {
        var key = new ByteArrayOutputStream();
        var value = new ByteArrayOutputStream();
        boolean inValue = false;
        var in = new java.io.BufferedInputStream(body, 8192);
        for (int b = in.read(); ; b = in.read()) {
            if (b == '&' || b < 0) {
                if (key.size() > 0 || inValue) {
                    add(decode(key), decode(value));
                }
                key.reset();
                value.reset();
                inValue = false;
                if (b < 0) {
                    return form();
                }
            } else if (b == '=' && !inValue) {
                inValue = true;
            } else if (inValue) {
                value.write(b);
                if (value.size() > options.valueLengthLimit()) {
                    throw valueTooLong();
                }
            } else {
                key.write(b);
                if (key.size() > options.keyLengthLimit()) {
                    throw MultipartReader.malformed("a form key is longer than " + options.keyLengthLimit()
                            + " characters (FormOptions.keyLengthLimit)");
                }
            }
        }
    }

    private static String decode(ByteArrayOutputStream bytes) {
        String raw = bytes.toString(StandardCharsets.ISO_8859_1);
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
        byte[] in = bytes.toByteArray();
        var out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int high = in[i] == '%' && i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(in[i + 2], 16);
            if (low >= 0) {
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(in[i] == '+' ? ' ' : in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every part of a multipart body: fields in memory, files to temporary files. */
    Form readMultipart(MultipartReader parts) throws IOException {
        for (MultipartSection part; (part = parts.next()) != null; ) {
            if (part.fileName() == null) {
                add(part.name(), readValue(part.body()));
            } else {
                files.add(spool(part));
            }
        }
        return form();
    }

    private String readValue(InputStream part) throws IOException {
        byte[] bytes = part.readNBytes(options.valueLengthLimit() + 1);
        if (bytes.length > options.valueLengthLimit()) {
            throw valueTooLong();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private FormFile spool(MultipartSection part) throws IOException {
        Path file = Files.createTempFile(options.tempDirectory(), "windhover-upload-", ".tmp");
        temporaryFiles.accept(file);
        long length;
        try (OutputStream out = Files.newOutputStream(file)) {
            length = part.body().transferTo(out);
        }
        return new FormFile(part.name(), part.fileName(), part.contentType(), length, file);
    }

    private void add(String name, String value) {
        if (++values > options.valueCountLimit()) {
            throw MultipartReader.malformed("the form has more than " + options.valueCountLimit()
                    + " values (FormOptions.valueCountLimit)");
        }
        fields.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
    }

    private BadHttpRequestException valueTooLong() {
        return MultipartReader.malformed("a form value is longer than " + options.valueLengthLimit()
                + " bytes (FormOptions.valueLengthLimit)");
    }

    private Form form() {
        return new Form(fields, files);
    }
}
