package io.windhover.web.middleware;

import io.windhover.web.ContentTypes;
import io.windhover.web.Results;
import io.windhover.web.Middleware;
import io.windhover.web.RequestDelegate;
import io.windhover.web.WebContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

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
        Results.file(real, type).execute(context);
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
}
