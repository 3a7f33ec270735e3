package io.windhover.web.middleware;

import io.windhover.web.ContentTypes;
import io.windhover.web.HttpDate;
import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * Serves files from a folder for {@code GET} and {@code HEAD}: content types by extension,
 * {@code ETag} and {@code Last-Modified}, conditional requests ({@code 304}), single byte ranges
 * ({@code 206}, {@code 416}), and {@code index.html} for a folder. Nothing outside the folder is
 * reachable: a path with {@code ..} or {@code .} segments (plain or percent-encoded), a backslash,
 * NUL, a colon or a malformed percent escape, and a link leading out, are never served. Those, a
 * path with no file, and a file of a type it does not know go on to the rest of the pipeline, as in
 * ASP.NET Core's {@code StaticFileMiddleware}: a route may take them ({@code /time/12:30}), and
 * routing answers {@code 404} when none does.
 *
 * <pre>{@code
 * app.use(new StaticFiles(Path.of("wwwroot")));
 * }</pre>
 */
public final class StaticFiles implements Middleware {

    private static final int CHUNK = 64 * 1024;
    private final Path root;

    /**
     * @throws IllegalArgumentException if {@code folder} is not a readable folder
     */
    public StaticFiles(Path folder) {
        try {
            this.root = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("static files folder '" + folder + "' does not exist or cannot be read", e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("static files folder '" + folder + "' is not a folder");
        }
    }

    @Override
    public void invoke(WebContext context, RequestDelegate next) throws Exception {
        String method = context.request().method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            next.handle(context);
            return;
        }
        // A path that could name something outside the folder, or name a file in a second way, is
        // never served; it is the rest of the pipeline's, where a route may want it (/time/12:30).
        String relative = decode(context.request().path());
        Path file = relative == null || !isPlain(relative) ? null : resolve(relative);
        if (file == null) {
            next.handle(context);
            return;
        }
        if (Files.isDirectory(file)) {
            String path = context.request().path();
            if (!path.endsWith("/")) {
                // Relative links in the folder's page resolve against the folder only with the slash.
                context.response().status(301);
                context.response().headers().set("Location", path + "/" + context.request().query());
                return;
            }
            file = file.resolve("index.html");
        } else if (relative.endsWith("/")) {
            // RFC 3986 §3.3: "/index.html/" names a resource below a file, of which there is none;
            // java.nio.file drops the trailing slash and would find the file itself.
            next.handle(context);
            return;
        }
        String type = contentType(file);
        if (type == null || !Files.isRegularFile(file)) {
            next.handle(context);
            return;
        }
        Path real = file.toRealPath();
        if (!real.startsWith(root)) {
            next.handle(context); // a link that leads out of the folder: not ours to serve
            return;
        }
        serve(context, real, type, method.equals("HEAD"));
    }

    /** The path, percent-decoded as UTF-8, without its leading slash; null if malformed. */
    private static String decode(String path) {
        byte[] bytes = new byte[path.length()];
        int length = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return null;
                }
                // RFC 3986 §2.1 HEXDIG is ASCII: HexFormat takes no other script's digits, as Character.digit would.
                char high = path.charAt(i + 1);
                char low = path.charAt(i + 2);
                if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
                    return null;
                }
                bytes[length++] = (byte) (HexFormat.fromHexDigit(high) * 16 + HexFormat.fromHexDigit(low));
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                return null; // a target is ASCII (RFC 3986 §2); anything else arrives percent-encoded
            }
        }
        String decoded = new String(bytes, 0, length, StandardCharsets.UTF_8);
        return decoded.startsWith("/") ? decoded.substring(1) : decoded;
    }

    /**
     * Whether the decoded path names a file in the folder in one plain way: no {@code ..} or
     * {@code .} segment, no empty segment but the last (a folder's trailing slash; {@code a//b}
     * would name {@code a/b} a second way), no backslash, NUL, colon (a drive or stream name on
     * Windows) or leading slash (an absolute path).
     */
    private static boolean isPlain(String relative) {
        if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0 || relative.startsWith("/") || relative.contains(":")) {
            return false;
        }
        String[] segments = relative.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && i < segments.length - 1)) {
                return false;
            }
        }
        return true;
    }

    private Path resolve(String relative) {
        Path file = root.resolve(relative).normalize();
        return file.startsWith(root) ? file : null;
    }

    private static String contentType(Path file) {
        return file.getFileName() == null ? null : ContentTypes.forFileName(file.getFileName().toString());
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
