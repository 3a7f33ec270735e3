package io.windhover.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file uploaded in a {@code multipart/form-data} body, written to a temporary file as it arrived.
 * The temporary file is deleted when the request ends, however it ends; {@link #moveTo(Path)}
 * keeps it.
 *
 * <pre>{@code
 * FormFile upload = context.form().file("file");
 * upload.moveTo(folder.resolve(upload.safeFileName()));
 * }</pre>
 *
 * @param name the form field's name
 * @param fileName the file name as the client sent it
 * @param contentType the part's {@code Content-Type}
 * @param length its bytes
 * @param path the temporary file holding them
 */
public record FormFile(String name, String fileName, String contentType, long length, Path path) {

    /** The bytes, from the temporary file. */
    public InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    /** The file name made safe to use in a path ({@link MultipartSection#safeFileName(String)}). */
    public String safeFileName() {
        return MultipartSection.safeFileName(fileName);
    }

    /** Moves the upload to {@code target}, replacing what is there; it is then no longer deleted with the request. */
    public void moveTo(Path target) throws IOException {
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
