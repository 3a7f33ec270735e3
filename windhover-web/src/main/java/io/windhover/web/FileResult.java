package io.windhover.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A file as the response, the way {@link io.windhover.web.middleware.StaticFiles} serves it:
 * {@code ETag} and {@code Last-Modified}, conditional requests ({@code 304}), one byte range
 * ({@code 206}, {@code 416}), and only the head for {@code HEAD}; 404 problem details when there
 * is no such file.
 */
final class FileResult implements Result {

    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private final String type;

    FileResult(Path file, String type) {
        this.file = file;
        this.type = type;
    }

    @Override
    public void execute(WebContext context) throws IOException {
        if (!Files.isRegularFile(file)) {
            Results.problem(404, "no such file").execute(context);
            return;
        }
        serve(context, file, type, context.request().method().equals("HEAD"));
    }

    private static void serve(WebContext context, Path file, String type, boolean head) throws IOException {
        var attributes = Files.readAttributes(file, BasicFileAttributes.class);
        long size = attributes.size();
        long modifiedSeconds = attributes.lastModifiedTime().toInstant().getEpochSecond();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(attributes.lastModifiedTime().toMillis()) + "\"";
        var response = context.response();
        var headers = response.headers();
        headers.set("ETag", etag);
        headers.set("Last-Modified", HttpDate.format(Instant.ofEpochSecond(modifiedSeconds)));
        headers.set("Accept-Ranges", "bytes");
        if (notModified(context, etag, modifiedSeconds)) {
            response.status(304);
            return;
        }
        long start = 0;
        long length = size;
        // RFC 9110 §14.2: "A server MUST ignore a Range header field received with a request method
        // that is unrecognized or for which range handling is not defined." GET is the only one
        // defined, so a HEAD gets the whole representation's head, as a GET without Range would.
        String range = head ? null : context.header("Range");
        if (range != null && rangeApplies(context, etag, modifiedSeconds)) {
            long[] bounds = parseRange(range, size);
            if (bounds == null) {
                // The 416 has no body, so no Content-Type: it would describe content that is not there.
                response.status(416);
                headers.set("Content-Range", "bytes */" + size);
                return;
            }
            if (bounds.length == 2) {
                start = bounds[0];
                length = bounds[1] - bounds[0] + 1;
                response.status(206);
                headers.set("Content-Range", "bytes " + bounds[0] + "-" + bounds[1] + "/" + size);
            }
        }
        headers.set("Content-Type", type);
        headers.set("Content-Length", Long.toString(length));
        if (!head) {
            copy(file, start, length, response.body());
        }
    }

    /** RFC 9110 §13.1.2 and §13.1.3: If-None-Match first; If-Modified-Since only without it. */
    private static boolean notModified(WebContext context, String etag, long modifiedSeconds) {
        String noneMatch = context.header("If-None-Match");
        if (noneMatch != null) {
            for (String candidate : noneMatch.split(",")) {
                String tag = candidate.strip();
                if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        Long since = parseDate(context.header("If-Modified-Since"));
        return since != null && modifiedSeconds <= since;
    }

    /** RFC 9110 §13.1.5: a Range counts only if If-Range, when present, still names this file. */
    private static boolean rangeApplies(WebContext context, String etag, long modifiedSeconds) {
        String ifRange = context.header("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.strip().startsWith("\"")) {
            return ifRange.strip().equals(etag);
        }
        Long date = parseDate(ifRange);
        return date != null && date == modifiedSeconds;
    }

    /**
     * One byte range of a {@code size}-byte file: {@code [first, last]}; an empty array to ignore
     * the header (several ranges, another unit, or malformed: served whole, as RFC 9110 §14.2
     * allows); null when it cannot be satisfied (416).
     */
    private static long[] parseRange(String header, long size) {
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.indexOf(',') >= 0) {
            return new long[0];
        }
        String spec = value.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[0];
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) { // a suffix: the last N bytes
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (from < 0 || (!last.isEmpty() && Long.parseLong(last) < from)) {
                return new long[0];
            }
            if (from >= size) {
                return null;
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            return new long[0];
        }
    }

    /** An HTTP date as epoch seconds; RFC 9110 §13.1.3: an invalid date is ignored (null). */
    private static Long parseDate(String text) {
        Instant date = HttpDate.parse(text);
        return date == null ? null : date.getEpochSecond();
    }

    private static void copy(Path file, long start, long length, OutputStream body) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(start);
            byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
            long left = length;
            while (left > 0) {
                int count = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (count < 0) {
                    throw new IOException("the file '" + file + "' shrank while it was sent");
                }
                body.write(chunk, 0, count);
                left -= count;
            }
        }
    }
}
