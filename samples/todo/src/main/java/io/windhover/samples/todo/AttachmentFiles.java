package io.windhover.samples.todo;

import io.windhover.web.BadHttpRequestException;
import io.windhover.web.MultipartSection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The bytes of attachments, one file per attachment under {@code folder/{todoId}/{name}}. An upload
 * is written to a temporary file beside its place as it arrives, and moved into place only when
 * it is whole and within the limit: a refused or broken upload leaves nothing behind.
 */
final class AttachmentFiles {

    /** {@code type/subtype} and parameters, visible ASCII only: what may be sent back as a Content-Type. */
    private static final Pattern CONTENT_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*;[ -~]*)?");

    private final Path folder;
    private final long maxBytes;

    /** @param maxBytes the largest attachment, {@code Todo:MaxAttachmentBytes} */
    AttachmentFiles(Path folder, long maxBytes) {
        this.folder = folder;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * Writes {@code part}'s body as attachment {@code name} of todo {@code todoId}, replacing one of
     * that name.
     *
     * @throws BadHttpRequestException 413 when the body is longer than the limit; nothing is kept
     */
    TodoApp.Attachment save(int todoId, String name, MultipartSection part) throws IOException {
        Path todoFolder = Files.createDirectories(folder.resolve(Integer.toString(todoId)));
        Path upload = Files.createTempFile(todoFolder, ".upload-", ".tmp");
        try {
            long size;
            try (InputStream in = part.body(); OutputStream out = Files.newOutputStream(upload)) {
                size = copyWithin(in, out);
            }
            Files.move(upload, todoFolder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new TodoApp.Attachment(name, size, contentType(part.contentType()));
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    private long copyWithin(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int count; (count = in.read(buffer)) >= 0; ) {
            total += count;
            if (total > maxBytes) {
                throw new BadHttpRequestException(413, "the attachment is larger than " + maxBytes
                        + " bytes (Todo:MaxAttachmentBytes)", null);
            }
            out.write(buffer, 0, count);
        }
        return total;
    }

    /** The type the client declared when it is a well-formed one, else {@code application/octet-stream}. */
    private static String contentType(String declared) {
        return declared != null && CONTENT_TYPE.matcher(declared.strip()).matches() ? declared.strip() : "application/octet-stream";
    }

    Path file(int todoId, String name) {
        return folder.resolve(Integer.toString(todoId)).resolve(name);
    }

    void delete(int todoId, String name) throws IOException {
        Files.deleteIfExists(file(todoId, name));
    }

    /** Deletes every attachment of todo {@code todoId}. */
    void deleteAll(int todoId) throws IOException {
        Path todoFolder = folder.resolve(Integer.toString(todoId));
        if (!Files.isDirectory(todoFolder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(todoFolder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
