package io.windhover.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as a form reader sees it: reading past {@link FormOptions#bodyLengthLimit()}
 * fails with {@code 413}, so that a form is refused at its limit while it is read, not after.
 */
final class FormBodyStream extends FilterInputStream {

    private final long limit;
    private long read;

    FormBodyStream(InputStream body, long limit) {
        super(body);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        // One byte more than the limit allows is asked for, so that a body of exactly the limit ends
        // cleanly; limit - read + 1 would overflow for a limit of Long.MAX_VALUE.
        long room = limit - read;
        int count = super.read(target, offset, room >= length ? length : (int) room + 1);
        if (count > 0) {
            count(count);
        }
        return count;
    }

    private void count(int bytes) {
        read += bytes;
        if (read > limit) {
            throw tooLarge(limit);
        }
    }

    static BadHttpRequestException tooLarge(long limit) {
        return new BadHttpRequestException(413, "the form body is longer than " + limit
                + " bytes (FormOptions.bodyLengthLimit)", null);
    }

    @Override
    public long skip(long bytes) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, bytes))];
        long skipped = 0;
        while (skipped < bytes) {
            int count = read(scratch, 0, (int) Math.min(scratch.length, bytes - skipped));
            if (count < 0) {
                break;
            }
            skipped += count;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
